/**
 * Supervisors: OTP's {@code supervisor} ({@link org.otp4j.supervisor.Supervisor}) and Elixir's {@code
 * DynamicSupervisor} ({@link org.otp4j.supervisor.DynamicSupervisor}). A supervisor starts child
 * processes from their {@link org.otp4j.supervisor.ChildSpec specs}, watches them through links, and
 * restarts them by its {@link org.otp4j.supervisor.Flags flags}.
 *
 * <h2>A worked example: a supervised, named service</h2>
 *
 * A counter server registered under the via-name {@code "counter"} of a {@link
 * org.otp4j.registry.Registry}; when it crashes, the supervisor starts a fresh one under the same name,
 * and clients that call it by name reach the new one. The registry's listener events show the restart
 * as it happens, without polling.
 *
 * {@snippet :
 * record Counter() implements GenServer<Integer> {
 *     public InitResult<Integer> init(ProcessContext self) {
 *         return InitResult.ok(0);
 *     }
 *
 *     public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
 *         return switch (String.valueOf(request)) {
 *             case "next" -> CallResult.reply(n + 1, n + 1);
 *             case "crash" -> throw new IllegalStateException("asked to crash");
 *             default -> CallResult.reply(n, n);
 *         };
 *     }
 * }
 *
 * int afterRestart = node.run(self -> {
 *     // the registry tells this process whenever a name is taken or given up
 *     Registry services = Registry.builder(Registry.Keys.UNIQUE).listener(self.self()).build(node);
 *     Name name = services.via("counter");
 *     ChildSpec counter = ChildSpec.server("counter", Counter::new, SpawnOptions.defaults().name(name));
 *     Pid sup = Supervisor.startLink(self, Flags.oneForOne(), List.of(counter)).pid();
 *     Pid first = self.receive(m -> m instanceof Registry.Registered r ? r.pid() : null);
 *     GenServer.call(self, name, "next"); // 1
 *     try {
 *         GenServer.call(self, name, "crash");
 *     } catch (CallException e) {
 *         // the server died during the call; its supervisor restarts it under the same name
 *     }
 *     self.receive(m -> m instanceof Registry.Unregistered u && u.pid().equals(first) ? u : null);
 *     Pid second = self.receive(m -> m instanceof Registry.Registered r ? r.pid() : null);
 *     assert second.equals(Supervisor.whichChildren(self, sup).getFirst().pid().orElseThrow());
 *     return (Integer) GenServer.call(self, name, "next"); // a fresh counter: 1 again
 * });
 * }
 *
 * <h2>Client functions</h2>
 *
 * <table class="striped">
 * <caption>What each client function does in the supervisor</caption>
 * <thead><tr><th>Client function</th><th>Effect</th><th>Refusals ({@link org.otp4j.supervisor.ChildError})</th></tr></thead>
 * <tbody>
 * <tr><td>{@code startChild}</td><td>adds a spec and starts it</td><td>ALREADY_PRESENT, MAX_CHILDREN (dynamic)</td></tr>
 * <tr><td>{@code terminateChild}</td><td>stops the child by its shutdown; keeps the spec (not a temporary one)</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@code restartChild}</td><td>starts a child that has a spec but no process</td><td>NOT_FOUND, RUNNING, RESTARTING</td></tr>
 * <tr><td>{@code deleteChild}</td><td>removes the spec of a child that does not run</td><td>NOT_FOUND, RUNNING, RESTARTING</td></tr>
 * <tr><td>{@code whichChildren}</td><td>one {@link org.otp4j.supervisor.ChildInfo} per spec, in start order</td><td></td></tr>
 * <tr><td>{@code countChildren}</td><td>specs, active processes, supervisors, workers</td><td></td></tr>
 * </tbody>
 * </table>
 *
 * <h2>The rules in plain words</h2>
 *
 * <ul>
 *   <li><b>Start (SV1).</b> Children start one after the other, in list order; the supervisor's start
 *       returns when all have started. If one fails, the ones already started are stopped (newest
 *       first) and the start fails with {@code shutdown(FailedToStartChild(id, reason))}. A child whose
 *       start returns ignored keeps its spec without a process.
 *   <li><b>Stop (SV2).</b> A supervisor stops its children newest first; a dynamic supervisor stops all
 *       at once.
 *   <li><b>Restart types (SV3).</b> Permanent children are always restarted; transient ones only after
 *       an abnormal exit (not {@code normal}, {@code shutdown}, {@code shutdown(term)}); temporary ones
 *       never, and their spec goes away with the process, also when a one-for-all or rest-for-one
 *       restart takes them down.
 *   <li><b>Strategies (SV4).</b> One for one restarts the child that ended. One for all stops the others
 *       (newest first) and restarts all (in start order). Rest for one does the same for the child that
 *       ended and those started after it.
 *   <li><b>Intensity (SV5).</b> More than {@code intensity} restarts within {@code period} (default 3 in
 *       5 seconds, on the node's clock) make the supervisor stop all children and exit with {@code
 *       shutdown}, so that its own supervisor can act. A multi-child restart counts once; intensity 0
 *       means the first restart-worthy exit ends the supervisor.
 *   <li><b>Shutdown (SV6).</b> A child is monitored and unlinked, then killed at once (brutal kill), or
 *       sent {@code shutdown} and killed after its timeout, or sent {@code shutdown} and waited for
 *       (infinity, the default for supervisor children). A child that had already died reports its own
 *       reason.
 *   <li><b>Auto shutdown (SV7).</b> Significant children (transient or temporary only) may end the
 *       supervisor when they end by themselves: on the first such end ({@code ANY_SIGNIFICANT}) or the
 *       last ({@code ALL_SIGNIFICANT}). Stopping a child with {@code terminateChild} never triggers it.
 *   <li><b>Specs (SV8).</b> Invalid specs fail with {@link java.lang.IllegalArgumentException} naming
 *       the child and the problem: duplicate ids, a null restart type or shutdown, a non-positive
 *       shutdown timeout, a permanent significant child, a significant child without auto shutdown. A
 *       start function that returns null, already-started, a pid not linked to the supervisor, or that
 *       throws, is a start error naming the child.
 *   <li><b>Dynamic supervisors (SV9).</b> One for one only; {@code maxChildren} refuses more children;
 *       extra arguments go first to every child's start function.
 *   <li><b>Backoff (SV10, from Pekko).</b> With a {@link org.otp4j.supervisor.Backoff}, a restart waits
 *       an exponentially growing, jittered delay (deterministic from a seed); the child shows as
 *       restarting meanwhile, and a child that ran quietly for the reset period starts over from the
 *       shortest delay.
 * </ul>
 *
 * <p>Reports go to the {@code System.Logger} named {@code org.otp4j.supervisor}: start errors, child
 * terminations, shutdown errors and escalations at {@code ERROR}; quiet restarts at {@code WARNING}.
 */
package org.otp4j.supervisor;
