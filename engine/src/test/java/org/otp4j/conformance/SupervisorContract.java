package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;
import org.otp4j.server.StartResult;
import org.otp4j.supervisor.AutoShutdown;
import org.otp4j.supervisor.Backoff;
import org.otp4j.supervisor.ChildCounts;
import org.otp4j.supervisor.ChildError;
import org.otp4j.supervisor.ChildInfo;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.DynamicSupervisor;
import org.otp4j.supervisor.FailedToStartChild;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Restart;
import org.otp4j.supervisor.Shutdown;
import org.otp4j.supervisor.Supervisor;
import org.otp4j.supervisor.SupervisorException;

/** SEMANTICS.md SV1-SV10: supervisors and dynamic supervisors. */
public abstract class SupervisorContract extends ConformanceBase {

    protected SupervisorContract(NodeFactory factory) {
        super(factory);
    }

    /** A worker announced that it started (its init ran). */
    public record Up(String id, Pid pid) {}

    /** Asks a {@link Worker} to stop with this reason. */
    public record Stop(ExitReason reason) {}

    /**
     * A server child that traps exits, logs "start id" in init and "stop id" in terminate, and tells the
     * observer when it is up. The log is a shared list: appends happen in execution order, which is
     * what the order rules are about (messages from different children would not be ordered, S2).
     */
    record Worker(String id, List<String> log, Pid observer) implements GenServer<String> {
        @Override
        public InitResult<String> init(ProcessContext self) {
            self.trapExit(true);
            log.add("start " + id);
            self.send(observer, new Up(id, self.self()));
            return InitResult.ok(id);
        }

        @Override
        public CallResult<String> handleCall(ProcessContext self, Object request, From from, String state) {
            return CallResult.reply(id, state);
        }

        @Override
        public Result<String> handleCast(ProcessContext self, Object request, String state) {
            return Result.stop(((Stop) request).reason(), state);
        }

        @Override
        public Result<String> handleInfo(ProcessContext self, Object message, String state) {
            return Result.noReply(state);
        }

        @Override
        public void terminate(ProcessContext self, ExitReason reason, String state) {
            log.add("stop " + id);
        }
    }

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private ChildSpec worker(ProcessContext self, String id) {
        Pid observer = self.self();
        return ChildSpec.server(id, () -> new Worker(id, log, observer));
    }

    private List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Starts an unlinked supervisor (so that its exit does not take the test process down). */
    private static Pid startSup(ProcessContext self, Flags flags, List<ChildSpec> children) {
        return Supervisor.start(self, flags, children, SpawnOptions.defaults()).pid();
    }

    private static Up up(ProcessContext self, String id) {
        return expect(self, m -> m instanceof Up u && u.id().equals(id) ? u : null, "Up from " + id);
    }

    private static void stopChild(ProcessContext self, Pid child, ExitReason reason) {
        GenServer.cast(self, child, new Stop(reason));
    }

    /** Asks the supervisor until its children satisfy {@code ok}; a bounded wait on the node's clock. */
    private static List<ChildInfo> awaitChildren(ProcessContext self, Pid sup, Predicate<List<ChildInfo>> ok) {
        long deadline = self.monotonicTime() + WAIT.toNanos();
        while (true) {
            List<ChildInfo> children = Supervisor.whichChildren(self, sup);
            if (ok.test(children)) {
                return children;
            }
            if (self.monotonicTime() > deadline) {
                throw new AssertionError("children never satisfied the condition: " + children);
            }
            self.receive(m -> null, Duration.ofMillis(5));
        }
    }

    private static ChildInfo child(List<ChildInfo> children, Object id) {
        return children.stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child " + id + " in " + children));
    }

    private static List<Object> ids(List<ChildInfo> children) {
        return children.stream().map(ChildInfo::id).toList();
    }

    // ---- SV1 ---------------------------------------------------------------------------------------

    @Test
    void SV1_childrenStartInOrderAndStartReturnsAfterAll() {
        List<String> atReturn = run(self -> {
            startSup(self, Flags.oneForOne(), List.of(worker(self, "a"), worker(self, "b"), worker(self, "c")));
            return log();
        });
        assertEquals(List.of("start a", "start b", "start c"), atReturn);
    }

    @Test
    void SV1_startFailureStopsStartedChildrenAndNamesTheChild() {
        StartResult r = run(self -> {
            ChildSpec bad = ChildSpec.server("b", () -> self2 -> InitResult.stop(ExitReason.of("boom")));
            return Supervisor.start(
                    self,
                    Flags.oneForOne(),
                    List.of(worker(self, "a"), bad, worker(self, "c")),
                    SpawnOptions.defaults());
        });
        StartResult.Failed failed = assertInstanceOf(StartResult.Failed.class, r);
        assertEquals(ExitReason.shutdown(new FailedToStartChild("b", ExitReason.of("boom"))), failed.reason());
        assertEquals(List.of("start a", "stop a"), log(), "a is stopped, c never starts");
    }

    @Test
    void SV1_ignoreKeepsTheSpecWithoutAProcess() {
        List<Object> got = run(self -> {
            ChildSpec ignored = ChildSpec.worker("i", s -> new StartResult.Ignored());
            Pid sup = startSup(self, Flags.oneForOne(), List.of(worker(self, "a"), ignored));
            return List.of(Supervisor.whichChildren(self, sup), Supervisor.countChildren(self, sup));
        });
        @SuppressWarnings("unchecked")
        List<ChildInfo> children = (List<ChildInfo>) got.get(0);
        assertEquals(List.of("a", "i"), ids(children));
        assertInstanceOf(ChildInfo.Undefined.class, child(children, "i").status());
        assertEquals(new ChildCounts(2, 1, 0, 2), got.get(1));
    }

    // ---- SV2 ---------------------------------------------------------------------------------------

    @Test
    void SV2_childrenStopInReverseStartOrder() {
        run(self -> {
            Pid sup =
                    startSup(self, Flags.oneForOne(), List.of(worker(self, "a"), worker(self, "b"), worker(self, "c")));
            Supervisor.stop(self, sup);
            return null;
        });
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), log());
    }

    @Test
    void SV2_dynamicSupervisorStopsChildrenConcurrently() {
        List<String> atFirstDown = run(self -> {
            Pid me = self.self();
            Pid sup = DynamicSupervisor.startLink(self, Flags.oneForOne()).pid();
            List<Pid> kids = new ArrayList<>();
            for (String id : List.of("x", "y", "z")) {
                // traps exits and ignores the shutdown: only the kill after the timeout ends it
                ChildSpec stubborn = ChildSpec.process(id, p -> {
                            p.trapExit(true);
                            p.send(me, new Up(id, p.self()));
                            while (true) {
                                if (p.receive() instanceof Exit) {
                                    log.add("got shutdown " + id);
                                }
                            }
                        })
                        .shutdown(Shutdown.timeout(Duration.ofSeconds(2)));
                kids.add(DynamicSupervisor.startChild(self, sup, stubborn).pid());
                up(self, id); // it traps exits now
            }
            List<org.otp4j.Ref> monitors = kids.stream().map(self::monitor).toList();
            self.trapExit(true);
            self.exit(sup, ExitReason.shutdown());
            Object first = expect(
                    self,
                    m -> m instanceof org.otp4j.Down d && monitors.contains(d.ref()) ? d : null,
                    "a child's DOWN");
            assertEquals(ExitReason.killed(), ((org.otp4j.Down) first).reason());
            return log();
        });
        assertEquals(
                List.of("got shutdown x", "got shutdown y", "got shutdown z"),
                atFirstDown.stream().sorted().toList(),
                "every child got its shutdown before the first was killed");
    }

    // ---- SV3 ---------------------------------------------------------------------------------------

    @Test
    void SV3_permanentChildRestartsEvenAfterNormalExit() {
        run(self -> {
            startSup(self, Flags.oneForOne(), List.of(worker(self, "p")));
            Pid first = up(self, "p").pid();
            stopChild(self, first, ExitReason.normal());
            Pid second = up(self, "p").pid();
            assertNotEquals(first, second);
            return null;
        });
    }

    @Test
    void SV3_transientChildRestartsOnlyOnAbnormalExit() {
        run(self -> {
            Pid sup =
                    startSup(self, Flags.oneForOne(), List.of(worker(self, "t").restart(Restart.TRANSIENT)));
            Pid first = up(self, "t").pid();
            stopChild(self, first, ExitReason.normal());
            awaitChildren(self, sup, cs -> child(cs, "t").status() instanceof ChildInfo.Undefined);
            Pid second = Supervisor.restartChild(self, sup, "t").pid();
            up(self, "t");
            stopChild(self, second, ExitReason.shutdown("done"));
            awaitChildren(self, sup, cs -> child(cs, "t").status() instanceof ChildInfo.Undefined);
            refute(self, m -> m instanceof Up ? m : null, "a restart after shutdown(term)");
            Pid third = Supervisor.restartChild(self, sup, "t").pid();
            up(self, "t");
            stopChild(self, third, ExitReason.of("boom"));
            Pid fourth = up(self, "t").pid();
            assertNotEquals(third, fourth, "an abnormal exit restarts a transient child");
            return null;
        });
    }

    @Test
    void SV3_temporaryChildIsNeverRestartedAndItsSpecGoes() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne(),
                    List.of(worker(self, "a"), worker(self, "tmp").restart(Restart.TEMPORARY)));
            up(self, "a");
            Pid tmp = up(self, "tmp").pid();
            stopChild(self, tmp, ExitReason.of("boom"));
            awaitChildren(self, sup, cs -> ids(cs).equals(List.of("a")));
            refute(self, m -> m instanceof Up ? m : null, "a restart of a temporary child");
            return null;
        });
    }

    @Test
    void SV3_temporaryChildTakenDownByOneForAllIsRemoved() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForAll(),
                    List.of(worker(self, "a"), worker(self, "tmp").restart(Restart.TEMPORARY), worker(self, "c")));
            Pid a = up(self, "a").pid();
            up(self, "tmp");
            up(self, "c");
            stopChild(self, a, ExitReason.of("boom"));
            up(self, "a");
            up(self, "c");
            assertEquals(List.of("a", "c"), ids(Supervisor.whichChildren(self, sup)));
            refute(self, m -> m instanceof Up u && u.id().equals("tmp") ? m : null, "tmp restarted");
            return null;
        });
    }

    // ---- SV4 ---------------------------------------------------------------------------------------

    @Test
    void SV4_oneForAllStopsOthersInReverseAndRestartsAllInOrder() {
        run(self -> {
            startSup(self, Flags.oneForAll(), List.of(worker(self, "a"), worker(self, "b"), worker(self, "c")));
            up(self, "a");
            Pid b = up(self, "b").pid();
            up(self, "c");
            stopChild(self, b, ExitReason.of("boom"));
            up(self, "a");
            up(self, "b");
            up(self, "c");
            return null;
        });
        assertEquals(
                List.of("start a", "start b", "start c", "stop b", "stop c", "stop a", "start a", "start b", "start c"),
                log());
    }

    @Test
    void SV4_restForOneRestartsTheFailedChildAndThoseAfterIt() {
        run(self -> {
            Pid sup = startSup(
                    self, Flags.restForOne(), List.of(worker(self, "a"), worker(self, "b"), worker(self, "c")));
            Pid a = up(self, "a").pid();
            Pid b = up(self, "b").pid();
            up(self, "c");
            stopChild(self, b, ExitReason.of("boom"));
            up(self, "b");
            up(self, "c");
            assertEquals(
                    a, child(Supervisor.whichChildren(self, sup), "a").pid().orElseThrow(), "a untouched");
            return null;
        });
        assertEquals(List.of("start a", "start b", "start c", "stop b", "stop c", "start b", "start c"), log());
    }

    // ---- SV5 ---------------------------------------------------------------------------------------

    @Test
    void SV5_moreThanMaxRestartsStopsChildrenAndExitsWithShutdown() {
        ExitReason reason = run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withIntensity(2, Duration.ofSeconds(60)),
                    List.of(worker(self, "a"), worker(self, "b")));
            org.otp4j.Ref watch = self.monitor(sup);
            syncSup(self, sup); // the monitor is in place before anything can end the supervisor (S1)
            up(self, "a");
            Pid b = up(self, "b").pid();
            for (int i = 0; i < 2; i++) {
                stopChild(self, b, ExitReason.of("boom"));
                b = up(self, "b").pid();
            }
            stopChild(self, b, ExitReason.of("boom"));
            return down(self, watch).reason();
        });
        assertEquals(ExitReason.shutdown(), reason);
        assertEquals("stop a", log().getLast(), "the children were stopped before the supervisor exited");
    }

    @Test
    void SV5_intensityZeroEndsOnTheFirstRestartWorthyExitOnly() {
        ExitReason reason = run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withIntensity(0, Duration.ofSeconds(5)),
                    List.of(worker(self, "t").restart(Restart.TRANSIENT)));
            org.otp4j.Ref watch = self.monitor(sup);
            syncSup(self, sup); // the monitor is in place before anything can end the supervisor (S1)
            Pid t = up(self, "t").pid();
            stopChild(self, t, ExitReason.normal()); // not restart-worthy
            awaitChildren(self, sup, cs -> child(cs, "t").status() instanceof ChildInfo.Undefined);
            t = Supervisor.restartChild(self, sup, "t").pid();
            up(self, "t");
            stopChild(self, t, ExitReason.of("boom"));
            return down(self, watch).reason();
        });
        assertEquals(ExitReason.shutdown(), reason);
    }

    @Test
    void SV5_aMultiChildRestartCountsOnce() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForAll().withIntensity(1, Duration.ofSeconds(60)),
                    List.of(worker(self, "a"), worker(self, "b"), worker(self, "c")));
            org.otp4j.Ref watch = self.monitor(sup);
            syncSup(self, sup); // the monitor is in place before anything can end the supervisor (S1)
            Pid a = up(self, "a").pid();
            up(self, "b");
            up(self, "c");
            stopChild(self, a, ExitReason.of("boom")); // three children restarted: one restart
            a = up(self, "a").pid();
            up(self, "b");
            up(self, "c");
            assertEquals(3, Supervisor.countChildren(self, sup).active());
            stopChild(self, a, ExitReason.of("boom")); // the second restart exceeds 1
            assertEquals(ExitReason.shutdown(), down(self, watch).reason());
            return null;
        });
    }

    @Test
    void SV5_restartsOlderThanThePeriodDoNotCount() {
        run(self -> {
            Pid sup = startSup(
                    self, Flags.oneForOne().withIntensity(1, Duration.ofMillis(200)), List.of(worker(self, "a")));
            Pid a = up(self, "a").pid();
            for (int i = 0; i < 3; i++) {
                stopChild(self, a, ExitReason.of("boom"));
                a = up(self, "a").pid();
                self.receive(m -> null, Duration.ofMillis(300)); // let the window pass
            }
            assertTrue(node.isAlive(sup), "restarts spread out beyond the period never escalate");
            return null;
        });
    }

    // ---- SV6 ---------------------------------------------------------------------------------------

    /** A child that traps exits and ignores them: only a kill ends it. */
    private ChildSpec stubborn(String id, Pid observer) {
        return ChildSpec.process(id, p -> {
            p.trapExit(true);
            p.send(observer, new Up(id, p.self()));
            while (true) {
                Object m = p.receive();
                if (m instanceof Exit e) {
                    log.add("ignored " + e.reason() + " " + id);
                } else if (m instanceof Ping ping) {
                    p.send(ping.from(), new Pong(ping.token()));
                }
            }
        });
    }

    @Test
    void SV6_brutalKillKillsAtOnce() {
        ExitReason reason = run(self -> {
            Pid sup = startSup(
                    self, Flags.oneForOne(), List.of(stubborn("s", self.self()).shutdown(Shutdown.brutalKill())));
            Pid s = up(self, "s").pid();
            org.otp4j.Ref watch = self.monitor(s);
            sync(self, s); // the monitor is in place before the kill (S1)
            Supervisor.terminateChild(self, sup, "s");
            return down(self, watch).reason();
        });
        assertEquals(ExitReason.killed(), reason);
        assertTrue(log().isEmpty(), "no shutdown was sent first: " + log());
    }

    @Test
    void SV6_timeoutSendsShutdownThenKills() {
        List<ExitReason> reasons = run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne(),
                    List.of(
                            stubborn("s", self.self()).shutdown(Shutdown.timeout(Duration.ofMillis(200))),
                            worker(self, "w").shutdown(Shutdown.timeout(Duration.ofSeconds(5)))));
            Pid s = up(self, "s").pid();
            Pid w = up(self, "w").pid();
            org.otp4j.Ref ws = self.monitor(s);
            org.otp4j.Ref ww = self.monitor(w);
            sync(self, s);
            GenServer.call(self, w, "sync");
            long t0 = self.monotonicTime();
            Supervisor.terminateChild(self, sup, "s");
            long took = self.monotonicTime() - t0;
            assertTrue(took >= Duration.ofMillis(200).toNanos(), "the kill came after the timeout: " + took);
            Supervisor.terminateChild(self, sup, "w");
            return List.of(down(self, ws).reason(), down(self, ww).reason());
        });
        assertEquals(List.of(ExitReason.killed(), ExitReason.shutdown()), reasons);
        assertTrue(log().contains("ignored shutdown s"), "shutdown was sent before the kill: " + log());
    }

    @Test
    void SV6_infinityWaitsForTheChildAndIsTheDefaultForSupervisors() {
        assertEquals(
                Shutdown.infinity(),
                ChildSpec.supervisor("s", s -> new StartResult.Ignored()).shutdown());
        assertEquals(
                Shutdown.timeout(ChildSpec.DEFAULT_WORKER_SHUTDOWN),
                ChildSpec.worker("w", s -> new StartResult.Ignored()).shutdown());
        ExitReason reason = run(self -> {
            Pid me = self.self();
            ChildSpec slow = ChildSpec.process("slow", p -> {
                        p.trapExit(true);
                        p.send(me, new Up("slow", p.self()));
                        p.receive(m -> m instanceof Exit ? m : null);
                        p.send(me, "stopping");
                        p.receive(m -> m.equals("go") ? m : null); // takes as long as the test wants
                        throw p.exit(ExitReason.shutdown());
                    })
                    .shutdown(Shutdown.infinity());
            Pid sup = startSup(self, Flags.oneForOne(), List.of(slow));
            Pid child = up(self, "slow").pid();
            org.otp4j.Ref watch = self.monitor(child);
            self.spawn(p -> {
                Supervisor.terminateChild(p, sup, "slow");
                p.send(me, "terminated");
            });
            expect(self, m -> m.equals("stopping") ? m : null, "the child's shutdown");
            self.receive(m -> null, Duration.ofSeconds(6)); // longer than a worker's default
            refute(self, m -> m.equals("terminated") ? m : null, "terminateChild returning early");
            self.send(child, "go");
            expect(self, m -> m.equals("terminated") ? m : null, "terminateChild to return");
            return down(self, watch).reason();
        });
        assertEquals(ExitReason.shutdown(), reason);
    }

    @Test
    void SV6_aChildThatAlreadyDiedIsNotRestartedTwice() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForAll().withIntensity(1, Duration.ofSeconds(60)),
                    List.of(worker(self, "a"), worker(self, "b")));
            Pid a = up(self, "a").pid();
            Pid b = up(self, "b").pid();
            self.exit(a, ExitReason.kill());
            self.exit(b, ExitReason.kill()); // both die: one restart, not two (intensity 1)
            up(self, "a");
            up(self, "b");
            syncSup(self, sup);
            assertTrue(node.isAlive(sup), "one multi-child restart, so no escalation");
            assertEquals(2, Supervisor.countChildren(self, sup).active());
            return null;
        });
    }

    /** sync for a server: a call returns after the server handled everything sent before. */
    private static void syncSup(ProcessContext self, Pid sup) {
        Supervisor.countChildren(self, sup);
    }

    // ---- SV7 ---------------------------------------------------------------------------------------

    @Test
    void SV7_anySignificantShutsDownWhenASignificantChildEndsByItself() {
        ExitReason reason = run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT),
                    List.of(
                            worker(self, "a"),
                            worker(self, "s").restart(Restart.TRANSIENT).significant(true)));
            org.otp4j.Ref watch = self.monitor(sup);
            syncSup(self, sup); // the monitor is in place before anything can end the supervisor (S1)
            up(self, "a");
            stopChild(self, up(self, "s").pid(), ExitReason.normal());
            return down(self, watch).reason();
        });
        assertEquals(ExitReason.shutdown(), reason);
        assertEquals("stop a", log().getLast());
    }

    @Test
    void SV7_allSignificantWaitsForTheLastSignificantChild() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT),
                    List.of(
                            worker(self, "s1").restart(Restart.TEMPORARY).significant(true),
                            worker(self, "s2").restart(Restart.TEMPORARY).significant(true)));
            org.otp4j.Ref watch = self.monitor(sup);
            syncSup(self, sup); // the monitor is in place before anything can end the supervisor (S1)
            Pid s1 = up(self, "s1").pid();
            Pid s2 = up(self, "s2").pid();
            stopChild(self, s1, ExitReason.normal());
            awaitChildren(self, sup, cs -> cs.size() == 1);
            assertTrue(node.isAlive(sup));
            stopChild(self, s2, ExitReason.of("boom"));
            assertEquals(ExitReason.shutdown(), down(self, watch).reason());
            return null;
        });
    }

    @Test
    void SV7_restartedOrTerminatedSignificantChildrenDoNotTriggerIt() {
        run(self -> {
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT),
                    List.of(worker(self, "s").restart(Restart.TRANSIENT).significant(true)));
            Pid s = up(self, "s").pid();
            stopChild(self, s, ExitReason.of("boom")); // abnormal: restarted instead
            up(self, "s");
            Supervisor.terminateChild(self, sup, "s"); // not by itself
            syncSup(self, sup);
            assertTrue(node.isAlive(sup));
            return null;
        });
    }

    // ---- SV8 ---------------------------------------------------------------------------------------

    @Test
    void SV8_startTerminateRestartDeleteChild() {
        run(self -> {
            Pid sup = startSup(self, Flags.oneForOne(), List.of());
            Pid a = Supervisor.startChild(self, sup, worker(self, "a")).pid();
            assertEquals(new StartResult.AlreadyStarted(a), Supervisor.startChild(self, sup, worker(self, "a")));
            assertEquals(
                    ChildError.RUNNING,
                    assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(self, sup, "a"))
                            .error());
            assertEquals(
                    ChildError.RUNNING,
                    assertThrows(SupervisorException.class, () -> Supervisor.restartChild(self, sup, "a"))
                            .error());
            Supervisor.terminateChild(self, sup, "a");
            assertInstanceOf(
                    ChildInfo.Undefined.class,
                    child(Supervisor.whichChildren(self, sup), "a").status());
            assertEquals(
                    ChildError.ALREADY_PRESENT,
                    assertThrows(SupervisorException.class, () -> Supervisor.startChild(self, sup, worker(self, "a")))
                            .error());
            Pid again = Supervisor.restartChild(self, sup, "a").pid();
            assertNotEquals(a, again);
            Supervisor.terminateChild(self, sup, "a");
            Supervisor.deleteChild(self, sup, "a");
            assertEquals(List.of(), Supervisor.whichChildren(self, sup));
            for (var call : List.<Runnable>of(
                    () -> Supervisor.terminateChild(self, sup, "a"),
                    () -> Supervisor.restartChild(self, sup, "a"),
                    () -> Supervisor.deleteChild(self, sup, "a"))) {
                SupervisorException e = assertThrows(SupervisorException.class, call::run);
                assertEquals(ChildError.NOT_FOUND, e.error());
                assertTrue(e.getMessage().contains("'a'"), e.getMessage());
            }
            return null;
        });
    }

    @Test
    void SV8_whichAndCountChildren() {
        run(self -> {
            Pid inner = self.self();
            ChildSpec nested = ChildSpec.supervisor("inner", Flags.oneForOne(), List.of(worker(self, "leaf")));
            Pid sup = startSup(self, Flags.oneForOne(), List.of(worker(self, "a"), nested));
            Pid a = up(self, "a").pid();
            up(self, "leaf");
            List<ChildInfo> children = Supervisor.whichChildren(self, sup);
            assertEquals(List.of("a", "inner"), ids(children));
            assertEquals(
                    new ChildInfo("a", new ChildInfo.Running(a), org.otp4j.supervisor.ChildType.WORKER),
                    children.get(0));
            assertEquals(
                    org.otp4j.supervisor.ChildType.SUPERVISOR, children.get(1).type());
            assertEquals(new ChildCounts(2, 2, 1, 1), Supervisor.countChildren(self, sup));
            assertNotEquals(inner, children.get(1).pid().orElseThrow());
            return null;
        });
    }

    @Test
    void SV8_badStartFunctionsAreStartErrorsNamingTheChild() {
        run(self -> {
            Pid sup = startSup(self, Flags.oneForOne(), List.of());
            Pid stranger = self.spawn(p -> p.receive());
            List<ChildSpec> bad = List.of(
                    ChildSpec.worker("nul", s -> null),
                    ChildSpec.worker("unlinked", s -> new StartResult.Started(stranger)),
                    ChildSpec.worker("dead", s -> {
                        Pid gone = s.spawn(p -> {});
                        org.otp4j.Ref watch = s.monitor(gone);
                        s.receive(m -> m instanceof org.otp4j.Down d && d.ref().equals(watch) ? d : null);
                        return new StartResult.Started(gone);
                    }),
                    ChildSpec.worker("throws", s -> {
                        throw new IllegalStateException("cannot start");
                    }),
                    ChildSpec.worker("taken", s -> new StartResult.AlreadyStarted(stranger)),
                    ChildSpec.worker("failed", s -> new StartResult.Failed(ExitReason.of("nope"))));
            List<String> problems =
                    List.of("returned null", "not linked", "not alive", "cannot start", "name is taken", "nope");
            for (int i = 0; i < bad.size(); i++) {
                ChildSpec spec = bad.get(i);
                StartResult r = Supervisor.startChild(self, sup, spec);
                StartResult.Failed f = assertInstanceOf(StartResult.Failed.class, r, spec.id()::toString);
                String text = f.reason() instanceof ExitReason.Failure x
                        ? x.error().getMessage()
                        : f.reason().toString();
                assertTrue(text.contains(problems.get(i)), text);
                if (!spec.id().equals("failed")) {
                    assertTrue(text.contains("'" + spec.id() + "'"), text);
                }
            }
            assertEquals(List.of(), Supervisor.whichChildren(self, sup), "failed children are not kept");
            ChildSpec permanentSignificant = worker(self, "ps").significant(true);
            StartResult r = Supervisor.startChild(self, sup, permanentSignificant);
            assertTrue(r.toString().contains("permanent child cannot be significant"), r::toString);
            return null;
        });
    }

    // ---- SV9 ---------------------------------------------------------------------------------------

    @Test
    void SV9_dynamicSupervisorMaxChildrenExtraArgumentsAndOneForOne() {
        run(self -> {
            Pid me = self.self();
            Pid sup = DynamicSupervisor.startLink(
                            self, Flags.oneForOne().withMaxChildren(2).withExtraArguments(List.of("pool", 7)))
                    .pid();
            ChildSpec spec = ChildSpec.workerWithArguments("ignored-id", (s, extra) -> {
                String id = extra.get(0) + "-" + extra.get(1);
                return GenServer.startLink(s, new Worker(id, log, me));
            });
            Pid one = DynamicSupervisor.startChild(self, sup, spec).pid();
            Pid two = DynamicSupervisor.startChild(self, sup, spec).pid();
            assertEquals("pool-7", up(self, "pool-7").id(), "extra arguments come first, in order");
            up(self, "pool-7");
            SupervisorException full =
                    assertThrows(SupervisorException.class, () -> DynamicSupervisor.startChild(self, sup, spec));
            assertEquals(ChildError.MAX_CHILDREN, full.error());
            stopChild(self, one, ExitReason.of("boom")); // one for one: only this child restarts, in its place
            Pid restarted = up(self, "pool-7").pid();
            List<ChildInfo> children = DynamicSupervisor.whichChildren(self, sup);
            assertEquals(
                    List.of(restarted, two),
                    children.stream().map(c -> c.pid().orElseThrow()).toList());
            assertEquals(ChildInfo.NO_ID, children.get(0).id());
            DynamicSupervisor.terminateChild(self, sup, two);
            assertEquals(new ChildCounts(1, 1, 0, 1), DynamicSupervisor.countChildren(self, sup));
            assertEquals(
                    ChildError.NOT_FOUND,
                    assertThrows(SupervisorException.class, () -> DynamicSupervisor.terminateChild(self, sup, two))
                            .error());
            return null;
        });
        assertThrows(
                IllegalArgumentException.class,
                () -> run(self -> DynamicSupervisor.startLink(self, Flags.oneForAll())));
    }

    // ---- SV10 --------------------------------------------------------------------------------------

    @Test
    void SV10_backoffDelaysRestartsExponentiallyAndResetsAfterAQuietPeriod() {
        run(self -> {
            Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0.0)
                    .withResetAfter(Duration.ofMillis(500));
            Pid sup = startSup(
                    self,
                    Flags.oneForOne().withIntensity(10, Duration.ofSeconds(60)).withBackoff(backoff),
                    List.of(worker(self, "b")));
            Pid b = up(self, "b").pid();
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i == 2) {
                    self.receive(m -> null, Duration.ofMillis(600)); // a quiet period: the backoff resets
                }
                long t0 = self.monotonicTime();
                Pid old = b;
                stopChild(self, b, ExitReason.of("boom"));
                awaitChildren(self, sup, cs -> child(cs, "b").status() instanceof ChildInfo.Restarting);
                b = up(self, "b").pid();
                assertNotEquals(old, b);
                delays.add(self.monotonicTime() - t0);
            }
            long ms = 1_000_000L;
            assertTrue(delays.get(0) >= 100 * ms, delays::toString);
            assertTrue(delays.get(1) >= 200 * ms, delays::toString);
            assertTrue(delays.get(2) >= 100 * ms, delays::toString);
            if (controlled()) { // exact on virtual time
                assertTrue(delays.get(1) < 300 * ms && delays.get(2) < 200 * ms, delays::toString);
            }
            return null;
        });
    }

    @Test
    void SV10_terminatingARestartingChildCancelsItsRestart() {
        run(self -> {
            Backoff backoff = Backoff.exponential(Duration.ofMillis(300), Duration.ofSeconds(1), 0.2);
            Pid sup = startSup(self, Flags.oneForOne().withBackoff(backoff), List.of(worker(self, "b")));
            Pid b = up(self, "b").pid();
            stopChild(self, b, ExitReason.of("boom"));
            awaitChildren(self, sup, cs -> child(cs, "b").status() instanceof ChildInfo.Restarting);
            assertEquals(
                    ChildError.RESTARTING,
                    assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(self, sup, "b"))
                            .error());
            Supervisor.terminateChild(self, sup, "b");
            assertTrue(
                    self.receive(m -> m instanceof Up ? m : null, Duration.ofSeconds(2))
                            .isEmpty(),
                    "a cancelled restart never happens");
            assertInstanceOf(
                    ChildInfo.Undefined.class,
                    child(Supervisor.whichChildren(self, sup), "b").status());
            return null;
        });
    }
}
