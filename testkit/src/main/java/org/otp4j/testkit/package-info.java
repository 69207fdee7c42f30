/**
 * The otp4j testkit: run the same engine code under a deterministic scheduler, one process step at a
 * time, with virtual time, and search the schedules for the one that breaks a test.
 *
 * <h2>A race, found, drawn and replayed</h2>
 *
 * A counter server with {@code get} and {@code set}, and two clients that each read the value and write
 * it back plus one: a lost update. The scenario below is {@code ExplorerTest.LOST_UPDATE} in this
 * module's tests ({@code Calls.call} is a tagged request and reply):
 *
 * {@snippet :
 * Scenario lostUpdate = node -> {
 *     int value = node.run(self -> {
 *         Pid counter = self.spawn(Calls.getSetCounter());
 *         Pid me = self.self();
 *         for (int i = 0; i < 2; i++) {
 *             self.spawn(p -> {
 *                 int v = (Integer) Calls.call(p, counter, "get"); // read ...
 *                 Calls.call(p, counter, v + 1);                  // ... write back: not atomic
 *                 p.send(me, "done");
 *             });
 *         }
 *         self.receive(m -> m.equals("done") ? m : null);
 *         self.receive(m -> m.equals("done") ? m : null);
 *         return (Integer) Calls.call(self, counter, "get");
 *     });
 *     assertEquals(2, value, "two increments");
 * };
 * Explorer.builder().name("lost-update").seed(0x2a).schedules(500).build().explore(lostUpdate).assertPassed();
 * }
 *
 * It fails on the first schedule, and the {@link org.otp4j.testkit.ScheduleFailure} reads (abridged):
 *
 * <pre>
 * otp4j testkit: lost-update: schedule 0 failed (strategy random, seed bdd732262feb6e95, base seed 2a, 58 steps)
 *   org.opentest4j.AssertionFailedError: two increments ==&gt; expected: &lt;2&gt; but was: &lt;1&gt;
 * Replay the shrunk schedule (58 steps, 0 choice(s) off the canonical run, replays strictly):
 *   &#64;DeterministicTest(replay = "lost-update|choices&#64;bdd732262feb6e95:")   or   -Dotp4j.replay='lost-update|choices&#64;bdd732262feb6e95:'
 * Replay the original schedule:
 *   &#64;DeterministicTest(replay = "lost-update|random&#64;bdd732262feb6e95")
 * Determinism check: re-running the seed gave the same failure and the same trace (hash a4a800c4956d5900)
 * Full traces: .../target/otp4j-traces/lost-update-bdd732262feb6e95.md
 *
 * sequenceDiagram
 *     P3 -&gt;&gt; P2: Request[from=P3, tag=ref1, body=get]
 *     P4 -&gt;&gt; P2: Request[from=P4, tag=ref2, body=get]
 *     P2 -&gt;&gt; P3: Reply[tag=ref1, value=0]
 *     P2 -&gt;&gt; P4: Reply[tag=ref2, value=0]
 *     P3 -&gt;&gt; P2: Request[from=P3, tag=ref3, body=1]
 *     P4 -&gt;&gt; P2: Request[from=P4, tag=ref4, body=1]
 *     ...
 *     P2 -&gt;&gt; P1: Reply[tag=ref5, value=1]
 * </pre>
 *
 * P1, P2, ... are the processes in spawn order. Here the canonical run (every signal delivered at once,
 * no preemption) already loses the update, so the shrunk schedule needs no choice at all. Where a bug
 * needs a particular order of deliveries, the diagram marks them: {@code P3 -) P2: RACE m2} says that
 * P3's signal overtook another sender's (see {@code ExplorerTest.report_marksTheDeliveriesWhoseOrder...}).
 * The zoo of buggy programs in this module's tests ({@code org.otp4j.testkit.zoo}) has eight such bugs,
 * each with a fixed twin.
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
 * still hot at the end of a schedule. After every schedule the testkit also checks, with every process
 * idle, that links and monitors are consistent and that no state machine holds postponed events it can
 * never retry (SM14), and, after closing the node, that no process is left. {@link org.otp4j.testkit.Probes} has receive assertions with
 * virtual-time bounds for process code. {@link org.otp4j.testkit.BehaviourHarness} drives one GenServer or
 * StateMachine by hand, without a scheduler, recording its effects (replies, sends, timers, spawns, the
 * stop) and firing its timeouts as virtual time is advanced.
 *
 * <p>Run the testkit's tests on one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1},
 * as this module's build does): only one process runs at a time anyway, and hand-offs between virtual
 * threads stay on one CPU.
 */
package org.otp4j.testkit;
