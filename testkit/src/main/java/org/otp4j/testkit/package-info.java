/**
 * The otp4j testkit: run the same engine code under a deterministic scheduler, one process step at a
 * time, with virtual time, and search the schedules for the one that breaks a test.
 *
 * <h2>A race, found, drawn and replayed</h2>
 *
 * A counter server and two clients that each read the value and write it back plus one: a lost update
 * that a thread-per-test run almost never shows. Under {@link org.otp4j.testkit.DeterministicTest} it
 * fails within a few schedules:
 *
 * {@snippet :
 * @DeterministicTest(schedules = 200, seed = "2a")
 * void twoIncrementsMakeTwo(TestNode node) {
 *     int value = node.run(self -> {
 *         Pid counter = self.spawn(counterServer());        // get / set, no increment
 *         Pid me = self.self();
 *         for (int i = 0; i < 2; i++) {
 *             self.spawn(p -> {
 *                 int v = call(p, counter, "get");           // read ...
 *                 call(p, counter, new Set(v + 1));          // ... and write back: not atomic
 *                 p.send(me, "done");
 *             });
 *         }
 *         self.receive(m -> m.equals("done") ? m : null);
 *         self.receive(m -> m.equals("done") ? m : null);
 *         return call(self, counter, "get");
 *     });
 *     assertEquals(2, value);
 * }
 * }
 *
 * The failure message carries the seed, the strategy, the schedule number, a replay line such as
 * {@code @DeterministicTest(replay = "CounterTest.twoIncrementsMakeTwo|choices:c5,2,c3,1")}, and the
 * shrunk run as a Mermaid sequence diagram in which P1, P2, ... are the processes in spawn order and
 * {@code RACE} marks the deliveries whose order the scheduler chose. The full trace goes to {@code
 * target/otp4j-traces/}. The zoo of buggy programs in the testkit's tests ({@code ZooTest}) runs this
 * example and seven more.
 *
 * <h2>What the deterministic runtime does</h2>
 *
 * <ul>
 *   <li>Exactly one process step runs at a time; every engine operation (send, receive, spawn, link,
 *       monitor, exit, timers, names) is a scheduling point, and every delivery of a signal is a separate
 *       choice, so messages from different senders arrive in any order while each sender-receiver pair
 *       stays FIFO.
 *   <li>Time is virtual: it moves only when nothing can run, to the next timer; 24 hours of timeouts
 *       take milliseconds. Every process blocked and nothing pending is a deadlock, reported with who
 *       waits.
 *   <li>One seed drives every choice, the strategy's and the fault injection's ({@link
 *       org.otp4j.testkit.TestNode#buggify}, {@link org.otp4j.testkit.Explorer.Builder#faultRate}).
 *   <li>A process that blocks outside the engine (a sleep, a lock, I/O) fails the run with its stack
 *       instead of hanging it; a thread that is not a process touching the node fails at once.
 * </ul>
 *
 * <h2>Finding, shrinking, replaying</h2>
 *
 * {@link org.otp4j.testkit.StrategyKind} lists the strategies (random walk, PCT, POS, and a portfolio
 * that rotates among them). A failing schedule is checked for determinism by running its seed again,
 * then shrunk towards the canonical run (deliveries at once, no preemption), and the shrunk schedule
 * replays strictly. {@link org.otp4j.testkit.Liveness} states "eventually" properties that fail when
 * still hot at the end of a schedule. {@link org.otp4j.testkit.Probes} has receive assertions with
 * virtual-time bounds for process code.
 *
 * <p>Run the testkit's tests on one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1},
 * as this module's build does): only one process runs at a time anyway, and hand-offs between virtual
 * threads stay on one CPU.
 */
package org.otp4j.testkit;
