/**
 * The otp4j kernel: processes with mailboxes and selective receive, links, monitors, exit signals,
 * names and timers, with Erlang's semantics, on virtual threads.
 *
 * <h2>A worked example</h2>
 *
 * A {@link org.otp4j.Node} is one engine. A process is either a {@link org.otp4j.ProcessBody} (direct
 * style: it runs once on its own virtual thread and may block in {@code receive}) or a {@link
 * org.otp4j.MessageHandler} (called once per message; it holds no thread while idle). Here a trapping
 * parent starts a linked worker, which crashes, and the parent receives the crash as a message:
 *
 * {@snippet :
 * record Job(int n) {}
 *
 * try (Node node = Node.builder().name("example").build()) {
 *     ExitReason why = node.run(self -> {
 *         self.trapExit(true);                       // exits arrive as Exit messages
 *         Pid worker = self.spawnLink(w -> {          // linked before it runs
 *             Job job = w.receive(Matcher.type(Job.class));
 *             if (job.n() < 0) {
 *                 throw new IllegalArgumentException("negative job " + job.n());
 *             }
 *         });
 *         self.send(worker, new Job(-1));
 *         Exit exit = self.receive(Matcher.type(Exit.class));
 *         return exit.reason();                      // Failure(IllegalArgumentException ...)
 *     });
 * }
 * }
 *
 * (The same code runs as {@code PackageExamplesTest} in the engine's tests.)
 *
 * <h2>Operations and what they cause</h2>
 *
 * <table class="striped">
 *   <caption>Process operations</caption>
 *   <thead><tr><th>Operation</th><th>Effect on the other side</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link org.otp4j.ProcessContext#send send}</td>
 *         <td>the message is appended to the receiver's mailbox; nothing if it has ended</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#receive(org.otp4j.Matcher) receive(matcher)}</td>
 *         <td>takes the oldest matching message; the others keep their order</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#link link} / {@code spawnLink}</td>
 *         <td>when either ends, the other gets an exit signal with the reason</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#trapExit trapExit(true)}</td>
 *         <td>exit signals arrive as {@link org.otp4j.Exit} messages ({@code kill} sent directly still
 *         kills)</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#monitor(org.otp4j.Pid) monitor}</td>
 *         <td>a {@link org.otp4j.Down} when the target ends; {@code noproc} at once if it is gone</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#exit(org.otp4j.Pid, org.otp4j.ExitReason) exit(pid,
 *         reason)}</td>
 *         <td>{@code kill}: dies with {@code killed}; trapped: an {@link org.otp4j.Exit} message;
 *         {@code normal}: ignored; otherwise dies with the reason</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#register register}</td>
 *         <td>the name is released before the process's exit and down signals go out</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#sendAfter sendAfter} / {@link
 *         org.otp4j.ProcessContext#startTimer startTimer}</td>
 *         <td>the message, or a {@link org.otp4j.Timeout}, arrives after the delay</td></tr>
 *     <tr><td>{@link org.otp4j.ProcessContext#timers() timers()}</td>
 *         <td>keyed timers: a cancelled or replaced timer's message is never received</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Signals (messages, links, exits, monitors, downs) from one process to another arrive in the
 *       order they were sent; nothing else is ordered.
 *   <li>Messages are shared by reference: send immutable values (records, immutable collections).
 *   <li>A process's own state is touched only by its own thread, so a process needs no locks.
 *   <li>Every ordering decision and every read of time goes through {@link org.otp4j.spi.Scheduler}
 *       and {@link org.otp4j.spi.Clock}; the testkit replaces both to make runs reproducible.
 * </ul>
 *
 * <p>Bad input fails at once: a null message or pid throws {@link NullPointerException}, a negative
 * timeout {@link IllegalArgumentException}, a send to an unknown name {@link
 * org.otp4j.NotRegisteredException}, a taken name {@link org.otp4j.AlreadyRegisteredException}, any
 * call on a closed node {@link org.otp4j.NodeClosedException}.
 */
package org.otp4j;
