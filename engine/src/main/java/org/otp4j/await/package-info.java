/**
 * Agents and waiting for them: Jido's {@code Await} convention. An agent is a process whose state
 * carries a status ({@code completed} and {@code failed} are terminal), a result and an error, and whose
 * children are tagged. {@link org.otp4j.await.Agent} runs the user's {@link org.otp4j.await.AgentLogic}
 * as a generic server and keeps the waiters and children; {@link org.otp4j.await.Await} waits for agents
 * from any process or from host code.
 *
 * <h2>A worked example: a host application awaits an agent</h2>
 *
 * {@snippet :
 * final class Summarizer implements AgentLogic<Map<String, Object>> {
 *     @Override
 *     public Map<String, Object> init(AgentContext agent) {
 *         return Map.of("status", "idle");
 *     }
 *
 *     @Override
 *     public Map<String, Object> handleSignal(AgentContext agent, Object signal, Map<String, Object> state) {
 *         if (signal instanceof String text) {
 *             return Map.of("status", "completed", "result", text.split(" ").length + " words");
 *         }
 *         return state;
 *     }
 * }
 *
 * try (Node node = Node.builder().build()) {
 *     Pid agent = Agent.start(node, new Summarizer(), SpawnOptions.defaults().name("summarizer")).pid();
 *     Agent.signal(node, "summarizer", "the quick brown fox");
 *     Completion done = Await.completion(node, agent, Duration.ofSeconds(5));
 *     // done.status() is "completed", done.result() is "4 words"
 * }
 * }
 *
 * (The same code runs as {@code AwaitExamplesTest} in the engine's tests.)
 *
 * <h2>Client functions and what the agent does</h2>
 *
 * <table class="striped">
 *   <caption>Await and Agent functions</caption>
 *   <thead><tr><th>Function</th><th>At the agent</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code Agent.start}, {@code startLink}</td><td>{@code init} (the starter waits)</td></tr>
 *     <tr><td>{@code Agent.signal}, any plain message</td><td>{@code handleSignal}, then waiters are
 *         checked</td></tr>
 *     <tr><td>{@code Await.cancel}</td><td>{@code handleCancel}, then waiters are checked</td></tr>
 *     <tr><td>{@code Await.completion}, {@code all}, {@code any}, {@code anySuccess}</td><td>a waiter is
 *         answered at once or held until a state change completes it</td></tr>
 *     <tr><td>{@code Await.child}</td><td>a child waiter, answered when a child with that tag is added;
 *         then the child is awaited</td></tr>
 *     <tr><td>{@code Await.getChildren}, {@code getChild}, {@code alive}</td><td>answered at once by the
 *         behaviour, not the logic</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>The rules, in plain words</h2>
 *
 * <ul>
 *   <li>J1. An agent is finished when its status is {@code completed} or {@code failed} (text, or an enum
 *       of that name, ignoring case). A failed agent is a finished agent: the wait returns its {@link
 *       org.otp4j.await.Completion} with status {@code failed}; only infrastructure problems are
 *       exceptions. Where the status, result and error are read is set by {@link
 *       org.otp4j.await.AwaitOptions} (key paths into a map-shaped state, {@link
 *       org.otp4j.await.AgentState}, or accessor functions). The default result path is {@code
 *       ["result"]}, not Jido's {@code [:last_answer]}.
 *   <li>J2. Nothing polls. An agent that is already finished answers at once; otherwise it holds the
 *       waiter and answers it right after the state change that finishes it. The agent monitors every
 *       waiting process and drops the waiter of one that dies.
 *   <li>J3. A wait that times out removes its waiters from the agents and fails with {@link
 *       org.otp4j.await.AwaitException.Timeout}, whose diagnostics give the time waited, the agent's
 *       status (asked for as the waiter is removed, for at most {@link
 *       org.otp4j.await.Await#PROBE_TIMEOUT}), its mailbox length and a hint. An answer that comes later
 *       is dropped.
 *   <li>J4. A reference to no live process gives {@link org.otp4j.await.AwaitException.NotFound}; a
 *       reference that cannot name a server (null, another type, an empty name, a host pid or another
 *       node's pid) gives {@link org.otp4j.await.AwaitException.BadReference}; a live process that is not
 *       an agent gives {@link org.otp4j.await.AwaitException.NotAnAgent} and is never sent anything.
 *   <li>J5. {@code all} of no servers returns an empty list at once; {@code any} of none times out at
 *       once. A call that waits for several agents has one deadline for all of them.
 *   <li>J6. {@code all} returns every completion in the order of the servers given, or fails with the
 *       first infrastructure error (naming its server) or a timeout (with diagnostics for every agent
 *       not yet finished).
 *   <li>J7. {@code any} returns the first agent to finish; {@code anySuccess} the first to finish with a
 *       status other than {@code failed}, and fails with {@link
 *       org.otp4j.await.AwaitException.NoSuccess} as soon as every agent has failed.
 *   <li>J8. {@code child(parent, tag)} works whether the child exists yet or not: the parent answers when
 *       the child is added. One deadline covers finding and awaiting the child.
 *   <li>J9. {@code getChildren} gives the live children by tag; {@code getChild} one of them, or empty.
 *       A child that ends is removed and the parent's logic gets {@link
 *       org.otp4j.await.AgentLogic.ChildExited}.
 *   <li>J10. {@code alive} never throws: it is false for anything but a live agent that answers.
 *   <li>J11. {@code cancel} only asks: the logic's {@code handleCancel} decides. By default a map-shaped
 *       state becomes {@code failed} with the {@link org.otp4j.await.AgentLogic.Cancel} as its error;
 *       other states are left alone.
 *   <li>J12. An agent that dies while awaited fails the wait at once (a monitor tells, not a timeout)
 *       with {@link org.otp4j.await.AwaitException.Down} and the agent's exit reason. An answer the agent
 *       sent before it died is received first (signals from one process keep their order).
 *   <li>J13. {@link org.otp4j.await.AwaitOptions#completedWhen} replaces the status rule with any
 *       predicate on the state.
 * </ul>
 *
 * <p>Deviations from Jido: errors are exceptions (a sealed family) rather than error tuples; {@code all}
 * returns a list in input order rather than a map; {@code getChild} returns an {@code Optional}; waits
 * are answered by the agent after every callback, so {@code org.otp4j.sys.Sys#replaceState} does not
 * wake waiters until the next signal.
 */
package org.otp4j.await;
