package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.await.Agent;
import org.otp4j.await.AgentContext;
import org.otp4j.await.AgentLogic;
import org.otp4j.await.AgentState;
import org.otp4j.await.Await;
import org.otp4j.await.AwaitException;
import org.otp4j.await.AwaitOptions;
import org.otp4j.await.Completion;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.StartResult;
import org.otp4j.sys.Sys;

/** SEMANTICS.md J1-J13: the agent behaviour and Await. */
public abstract class AwaitContract extends ConformanceBase {

    protected AwaitContract(NodeFactory factory) {
        super(factory);
    }

    /** A short wait that must pass: real milliseconds in production, virtual seconds under control. */
    private Duration shortWait() {
        return controlled() ? Duration.ofSeconds(1) : Duration.ofMillis(100);
    }

    static Map<String, Object> with(Map<String, Object> state, Object... keysAndValues) {
        Map<String, Object> copy = new LinkedHashMap<>(state);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            copy.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * A map-shaped agent: "finish", "fail", "crash", "progress", ("spawn", tag); notes ChildExited to a
     * watcher; finishes by itself after {@code selfFinish} if given.
     */
    static final class Job implements AgentLogic<Map<String, Object>> {
        final Pid watcher; // may be null
        final Duration selfFinish; // may be null

        Job(Pid watcher, Duration selfFinish) {
            this.watcher = watcher;
            this.selfFinish = selfFinish;
        }

        Job() {
            this(null, null);
        }

        @Override
        public Map<String, Object> init(AgentContext agent) {
            if (selfFinish != null) {
                agent.self().sendAfter(agent.self().self(), "finish", selfFinish);
            }
            return with(Map.of(), "status", "running", "progress", 0);
        }

        @Override
        public Map<String, Object> handleSignal(AgentContext agent, Object signal, Map<String, Object> state) {
            return switch (signal) {
                case String s when s.equals("finish") -> with(state, "status", "completed", "result", "answer");
                case String s when s.equals("fail") -> with(state, "status", "failed", "error", "boom");
                case String s when s.equals("crash") -> throw new IllegalStateException("job crashed");
                case String s when s.equals("progress") -> with(state, "progress", (Integer) state.get("progress") + 1);
                case List<?> l
                when l.get(0).equals("spawn") -> {
                    agent.startChild(l.get(1), new Job());
                    yield state;
                }
                case ChildExited exited -> {
                    if (watcher != null) {
                        agent.self().send(watcher, List.of("child-exited", exited.tag(), exited.reason()));
                    }
                    yield state;
                }
                default -> state;
            };
        }
    }

    enum Phase {
        RUNNING,
        COMPLETED
    }

    /** A typed state read through {@link AgentState}. */
    record Typed(Phase status, Object result, Object error) implements AgentState {}

    /** A typed agent: "finish" completes it; it ignores cancels. */
    static final class TypedJob implements AgentLogic<Typed> {
        @Override
        public Typed init(AgentContext agent) {
            return new Typed(Phase.RUNNING, null, null);
        }

        @Override
        public Typed handleSignal(AgentContext agent, Object signal, Typed state) {
            return signal.equals("finish") ? new Typed(Phase.COMPLETED, 42, null) : state;
        }
    }

    private static Pid startJob(ProcessContext self) {
        return Agent.start(self, new Job()).pid();
    }

    /** Round trip through the agent: every signal sent before has been handled. */
    private static void syncAgent(ProcessContext self, Pid agent) {
        Agent.waiters(self, agent);
    }

    /** Waits, by bounded round trips, until the agent holds {@code n} waiters. */
    private static void awaitWaiters(ProcessContext self, Pid agent, int n) {
        for (int i = 0; i < 10_000; i++) {
            if (Agent.waiters(self, agent) == n) {
                return;
            }
            // block for a moment between polls: a busy poller could starve the awaiter under a
            // priority-based strategy (PCT), which would then never get to register its wait
            self.receive(m -> null, Duration.ofMillis(1));
        }
        throw new AssertionError("agent " + agent + " never held " + n + " waiter(s)");
    }

    // ---- J1 -------------------------------------------------------------------------------------

    @Test
    void J1_aTerminalStatusIsACompletionAndFailedCountsToo() {
        List<Completion> got = run(self -> {
            Pid done = startJob(self);
            Pid failed = startJob(self);
            Agent.signal(self, done, "finish");
            Agent.signal(self, failed, "fail");
            return List.of(Await.completion(self, done), Await.completion(self, failed));
        });
        assertEquals(new Completion("completed", "answer", null), got.get(0));
        assertTrue(got.get(0).completed());
        assertEquals(new Completion("failed", null, "boom"), got.get(1));
        assertTrue(got.get(1).failed(), "a failed agent is a completion with status failed");
    }

    @Test
    void J1_statusResultAndErrorPathsAreConfigurableAndTypedStatesWork() {
        List<Completion> got = run(self -> {
            Pid nested = Agent.start(self, new AgentLogic<Map<String, Object>>() {
                        @Override
                        public Map<String, Object> init(AgentContext agent) {
                            return Map.of("strategy", Map.of("status", "running"));
                        }

                        @Override
                        public Map<String, Object> handleSignal(
                                AgentContext agent, Object signal, Map<String, Object> state) {
                            return Map.of("strategy", Map.of("status", "COMPLETED"), "last_answer", 7);
                        }
                    })
                    .pid();
            Pid typed = Agent.start(self, new TypedJob()).pid();
            Agent.signal(self, nested, "go");
            Agent.signal(self, typed, "finish");
            AwaitOptions jido =
                    AwaitOptions.defaults().statusPath("strategy", "status").resultPath("last_answer");
            return List.of(Await.completion(self, nested, WAIT, jido), Await.completion(self, typed));
        });
        assertEquals(new Completion("COMPLETED", 7, null), got.get(0), "text statuses match ignoring case");
        assertEquals(new Completion(Phase.COMPLETED, 42, null), got.get(1), "enum statuses match by name");
        assertTrue(got.get(1).completed());
        assertTrue(Agent.isTerminal("Failed") && Agent.isTerminal(Phase.COMPLETED));
        assertFalse(Agent.isTerminal("done") || Agent.isTerminal(null) || Agent.isTerminal(Phase.RUNNING));
    }

    // ---- J2 -------------------------------------------------------------------------------------

    @Test
    void J2_aTerminalAgentAnswersAtOnceAndALaterOneWhenItGetsThere() {
        List<Object> got = run(self -> {
            Pid agent = startJob(self);
            Pid me = self.self();
            self.spawn(p -> p.send(me, List.of("waited", Await.completion(p, agent, WAIT))));
            awaitWaiters(self, agent, 1); // the waiter is held, not polling
            Agent.signal(self, agent, "finish");
            Object first = expect(
                    self,
                    m -> m instanceof List<?> l && l.get(0).equals("waited") ? l.get(1) : null,
                    "the waiter's completion");
            long t0 = self.monotonicTime();
            Completion again = Await.completion(self, agent, WAIT);
            long took = self.monotonicTime() - t0;
            return List.of(first, again, took, Agent.waiters(self, agent));
        });
        assertEquals(new Completion("completed", "answer", null), got.get(0));
        assertEquals(got.get(0), got.get(1));
        if (controlled()) {
            assertEquals(0L, got.get(2), "an agent already terminal answers at once");
        }
        assertEquals(0, got.get(3), "answered waiters are gone");
    }

    @Test
    void J2_aWaiterWhoseCallerDiedIsDropped() {
        int got = run(self -> {
            Pid agent = startJob(self);
            Pid waiter = self.spawn(p -> Await.completion(p, agent, GenServer.INFINITY));
            awaitWaiters(self, agent, 1);
            self.exit(waiter, ExitReason.kill());
            awaitEnd(self, waiter);
            awaitWaiters(self, agent, 0); // the agent saw the waiter's DOWN and dropped it
            Agent.signal(self, agent, "finish"); // nothing to answer, nothing crashes
            return Agent.waiters(self, agent);
        });
        assertEquals(0, got);
    }

    // ---- J3 -------------------------------------------------------------------------------------

    @Test
    void J3_aTimedOutWaiterIsRemovedAndTheErrorCarriesDiagnostics() {
        Duration timeout = shortWait();
        List<Object> got = run(self -> {
            Pid agent = startJob(self);
            AwaitException.Timeout timedOut =
                    assertThrows(AwaitException.Timeout.class, () -> Await.completion(self, agent, timeout));
            int waiters = Agent.waiters(self, agent);
            Agent.signal(self, agent, "finish");
            syncAgent(self, agent);
            boolean nothingLate = self.receive(Duration.ZERO).isEmpty();
            return List.of(timedOut, waiters, nothingLate, agent);
        });
        AwaitException.Timeout e = (AwaitException.Timeout) got.get(0);
        assertEquals(0, got.get(1), "the timed-out waiter was removed from the agent");
        assertEquals(true, got.get(2), "a completion after the timeout never reaches the caller");
        assertEquals(got.get(3), e.server());
        assertEquals(1, e.diagnostics().size());
        AwaitException.Diagnostics d = e.diagnostics().get(0);
        assertTrue(d.waited().compareTo(timeout) >= 0, d::toString);
        assertEquals("running", d.status());
        assertEquals(0, d.mailboxLength());
        assertTrue(d.hint().contains("idle") && d.hint().contains("status path [status]"), d.hint());
        assertTrue(
                e.getMessage().contains("did not finish within")
                        && e.getMessage().contains("running"),
                e.getMessage());
    }

    // ---- J4 -------------------------------------------------------------------------------------

    @Test
    void J4_unknownServersAreNotFound() {
        List<AwaitException> got = run(self -> {
            Pid dead = startJob(self);
            GenServer.stop(self, dead);
            return List.of(
                    assertThrows(AwaitException.class, () -> Await.completion(self, dead, WAIT)),
                    assertThrows(AwaitException.class, () -> Await.completion(self, "nobody", WAIT)),
                    assertThrows(AwaitException.class, () -> Await.completion(self, Name.local("nobody"), WAIT)),
                    assertThrows(AwaitException.class, () -> Await.cancel(self, dead)),
                    assertThrows(AwaitException.class, () -> Await.getChildren(self, "nobody")));
        });
        for (AwaitException e : got) {
            assertInstanceOf(AwaitException.NotFound.class, e, e::toString);
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
        }
        assertEquals("nobody", got.get(1).server());
    }

    @Test
    void J4_badServerReferencesGiveAClearError() {
        Pid foreign;
        try (Node other = Node.builder().build()) {
            foreign = other.spawn((self, m) -> {});
        }
        Pid foreignPid = foreign;
        List<AwaitException> got = run(self -> List.of(
                assertThrows(AwaitException.class, () -> Await.completion(self, null, WAIT)),
                assertThrows(AwaitException.class, () -> Await.completion(self, 42, WAIT)),
                assertThrows(AwaitException.class, () -> Await.completion(self, "", WAIT)),
                assertThrows(AwaitException.class, () -> Await.completion(self, node.hostPid(), WAIT)),
                assertThrows(AwaitException.class, () -> Await.completion(self, foreignPid, WAIT))));
        for (AwaitException e : got) {
            assertInstanceOf(AwaitException.BadReference.class, e, e::toString);
        }
        assertTrue(got.get(0).getMessage().contains("null"), got.get(0).getMessage());
        assertTrue(
                got.get(1).getMessage().contains("must be a Pid, a registered name (String) or a Name")
                        && got.get(1).getMessage().contains("java.lang.Integer"),
                got.get(1).getMessage());
        assertTrue(got.get(2).getMessage().contains("empty"), got.get(2).getMessage());
        assertTrue(got.get(3).getMessage().contains("host pid"), got.get(3).getMessage());
        assertTrue(got.get(4).getMessage().contains("another node"), got.get(4).getMessage());
    }

    @Test
    void J4_namesLocalAndViaNameAnAgentAndSysSeesTheLogicState() {
        List<Object> got = run(self -> {
            Pid agent = Agent.start(self, new Job(), SpawnOptions.defaults().name("job"))
                    .pid();
            Agent.signal(self, "job", "finish");
            return List.of(
                    Await.completion(self, "job"),
                    Await.completion(self, Name.local("job")),
                    ((Map<?, ?>) Sys.getState(self, agent)).get("status"),
                    Agent.start(self, new Job(), SpawnOptions.defaults().name("job")));
        });
        assertEquals("answer", ((Completion) got.get(0)).result());
        assertEquals(got.get(0), got.get(1));
        assertEquals("completed", got.get(2), "sys reports the logic's state");
        assertInstanceOf(StartResult.AlreadyStarted.class, got.get(3));
    }

    @Test
    void J4_awaitingAProcessThatIsNotAnAgentFailsClearlyAndLeavesItAlone() {
        List<Object> got = run(self -> {
            Pid plain = echo(self, false);
            Pid server = GenServer.start(self, new GenServer<Integer>() {
                        @Override
                        public InitResult<Integer> init(ProcessContext s) {
                            return InitResult.ok(0);
                        }

                        @Override
                        public CallResult<Integer> handleCall(ProcessContext s, Object req, From from, Integer n) {
                            return CallResult.reply(n, n);
                        }
                    })
                    .pid();
            AwaitException a = assertThrows(AwaitException.class, () -> Await.completion(self, plain, WAIT));
            AwaitException b = assertThrows(AwaitException.class, () -> Await.all(self, List.of(server), WAIT));
            AwaitException c = assertThrows(AwaitException.class, () -> Agent.signal(self, server, "x"));
            AwaitException d = assertThrows(AwaitException.class, () -> Await.cancel(self, server));
            sync(self, plain);
            Object stillServing = GenServer.call(self, server, "get");
            return List.of(a, b, c, d, node.info(plain).orElseThrow().messageQueueLength(), stillServing);
        });
        for (Object e : got.subList(0, 4)) {
            assertInstanceOf(AwaitException.NotAnAgent.class, e, e::toString);
        }
        AwaitException.NotAnAgent b = (AwaitException.NotAnAgent) got.get(1);
        assertTrue(
                b.getMessage().contains("is not an agent") && b.getMessage().contains("Agent.start"), b.getMessage());
        assertTrue(b.initialCall().contains("AwaitContract"), b.initialCall());
        assertEquals(0, got.get(4), "nothing was sent to the plain process");
        assertEquals(0, got.get(5), "the server was not crashed by a stray request");
    }

    // ---- J5 -------------------------------------------------------------------------------------

    @Test
    void J5_allOfNoneIsOkAndAnyOfNoneTimesOutAtOnce() {
        List<Object> got = run(self -> {
            long t0 = self.monotonicTime();
            List<Completion> none = Await.all(self, List.of(), WAIT);
            AwaitException.Timeout any =
                    assertThrows(AwaitException.Timeout.class, () -> Await.any(self, List.of(), WAIT));
            AwaitException.Timeout anySuccess =
                    assertThrows(AwaitException.Timeout.class, () -> Await.anySuccess(self, List.of(), WAIT));
            return List.of(none, any.waited(), anySuccess.diagnostics(), self.monotonicTime() - t0);
        });
        assertEquals(List.of(), got.get(0));
        assertEquals(Duration.ZERO, got.get(1));
        assertEquals(List.of(), got.get(2));
        if (controlled()) {
            assertEquals(0L, got.get(3), "no time passes");
        }
    }

    @Test
    void J5_allSharesOneDeadline() {
        Duration timeout = shortWait();
        AwaitException.Timeout e = run(self -> {
            Pid a = startJob(self);
            Pid b = startJob(self);
            Pid c = startJob(self);
            Agent.signal(self, b, "finish");
            return assertThrows(AwaitException.Timeout.class, () -> Await.all(self, List.of(a, b, c), timeout));
        });
        assertEquals(2, e.diagnostics().size(), "the two agents still running are reported");
        assertTrue(
                e.waited().compareTo(timeout.multipliedBy(2)) < 0, () -> "one deadline, not one each: " + e.waited());
    }

    // ---- J6 -------------------------------------------------------------------------------------

    @Test
    void J6_allReturnsEveryCompletionInOrderOrTheFirstError() {
        List<Object> got = run(self -> {
            Pid a = startJob(self);
            Pid b = startJob(self);
            Pid c = startJob(self);
            Agent.signal(self, c, "finish");
            Agent.signal(self, a, "fail");
            Agent.signal(self, b, "finish");
            List<Completion> all = Await.all(self, List.of(a, b, c, a), WAIT);
            Pid crashing = startJob(self);
            self.sendAfter(crashing, "crash", shortWait());
            AwaitException down = assertThrows(AwaitException.class, () -> Await.all(self, List.of(b, crashing), WAIT));
            AwaitException missing =
                    assertThrows(AwaitException.class, () -> Await.all(self, List.of(b, "missing"), WAIT));
            return List.of(all, down, missing, crashing);
        });
        List<?> all = (List<?>) got.get(0);
        assertEquals(4, all.size());
        assertTrue(((Completion) all.get(0)).failed() && ((Completion) all.get(3)).failed());
        assertTrue(((Completion) all.get(1)).completed() && ((Completion) all.get(2)).completed());
        AwaitException.Down down = assertInstanceOf(AwaitException.Down.class, got.get(1));
        assertEquals(got.get(3), down.server(), "all reports which server failed");
        AwaitException.NotFound missing = assertInstanceOf(AwaitException.NotFound.class, got.get(2));
        assertEquals("missing", missing.server());
    }

    // ---- J7 -------------------------------------------------------------------------------------

    @Test
    void J7_anyReturnsTheFirstCompletionAndAnySuccessSkipsFailures() {
        List<Object> got = run(self -> {
            Pid a = startJob(self);
            Pid b = startJob(self);
            Agent.signal(self, a, "fail");
            syncAgent(self, a);
            Await.Winner any = Await.any(self, List.of(b, a), WAIT);
            self.sendAfter(b, "finish", shortWait());
            Await.Winner success = Await.anySuccess(self, List.of(a, b), WAIT);
            Pid c = startJob(self);
            Agent.signal(self, c, "fail");
            AwaitException.NoSuccess none =
                    assertThrows(AwaitException.NoSuccess.class, () -> Await.anySuccess(self, List.of(a, c), WAIT));
            return List.of(any, success, none, a, b, Agent.waiters(self, b));
        });
        Await.Winner any = (Await.Winner) got.get(0);
        assertEquals(got.get(3), any.server(), "the failed agent finished first");
        assertTrue(any.completion().failed());
        Await.Winner success = (Await.Winner) got.get(1);
        assertEquals(got.get(4), success.server(), "anySuccess ignored the failed one");
        assertEquals("answer", success.completion().result());
        AwaitException.NoSuccess none = (AwaitException.NoSuccess) got.get(2);
        assertEquals(2, none.completions().size());
        assertEquals(0, got.get(5), "the loser's waiter was removed");
    }

    // ---- J8, J9 ---------------------------------------------------------------------------------

    @Test
    void J8_childWaitsForAChildThatDoesNotExistYetWithoutPolling() {
        List<Object> got = run(self -> {
            Pid parent = Agent.start(self, new AgentLogic<Map<String, Object>>() {
                        @Override
                        public Map<String, Object> init(AgentContext agent) {
                            return Map.of("status", "running");
                        }

                        @Override
                        public Map<String, Object> handleSignal(
                                AgentContext agent, Object signal, Map<String, Object> state) {
                            if (signal.equals("spawn")) {
                                agent.startChild("w1", new Job(null, Duration.ofMillis(10)));
                            }
                            return state;
                        }
                    })
                    .pid();
            self.sendAfter(parent, "spawn", shortWait()); // after the child wait is in place
            long t0 = self.monotonicTime();
            Completion c = Await.child(self, parent, "w1", WAIT);
            long took = self.monotonicTime() - t0;
            Completion again = Await.child(self, parent, "w1", WAIT); // the child exists now
            return List.of(c, again, took, Agent.waiters(self, parent));
        });
        assertEquals(new Completion("completed", "answer", null), got.get(0));
        assertEquals(got.get(0), got.get(1));
        if (controlled()) {
            assertEquals(shortWait().plusMillis(10).toNanos(), got.get(2), "answered by the events themselves");
        }
        assertEquals(0, got.get(3));
    }

    @Test
    void J8_childTimesOutNamingTheParentWhenTheChildNeverAppears() {
        Duration timeout = shortWait();
        List<Object> got = run(self -> {
            Pid parent = startJob(self);
            AwaitException.Timeout e =
                    assertThrows(AwaitException.Timeout.class, () -> Await.child(self, parent, "w9", timeout));
            return List.of(e, parent, Agent.waiters(self, parent));
        });
        AwaitException.Timeout e = (AwaitException.Timeout) got.get(0);
        assertEquals(got.get(1), e.server());
        assertTrue(e.diagnostics().get(0).hint().contains("never added a child tagged w9"), e.getMessage());
        assertEquals(0, got.get(2), "the child waiter was removed");
    }

    @Test
    void J9_getChildrenAndGetChildReportLiveTaggedChildren() {
        List<Object> got = run(self -> {
            Pid parent = Agent.start(self, new Job(self.self(), null)).pid();
            Agent.signal(self, parent, List.of("spawn", "w1"));
            Agent.signal(self, parent, List.of("spawn", "w2"));
            Map<Object, Pid> children = Await.getChildren(self, parent);
            Optional<Pid> w1 = Await.getChild(self, parent, "w1");
            Optional<Pid> none = Await.getChild(self, parent, "nope");
            GenServer.stop(self, w1.orElseThrow());
            Object exited = expect(
                    self, m -> m instanceof List<?> l && l.get(0).equals("child-exited") ? l : null, "ChildExited");
            return List.of(children, w1, none, exited, Await.getChildren(self, parent));
        });
        Map<?, ?> children = (Map<?, ?>) got.get(0);
        assertEquals(List.of("w1", "w2"), List.copyOf(children.keySet()), "in the order they were added");
        assertEquals(Optional.of(children.get("w1")), got.get(1));
        assertEquals(Optional.empty(), got.get(2), "child not found");
        List<?> exited = (List<?>) got.get(3);
        assertEquals(List.of("child-exited", "w1"), exited.subList(0, 2));
        // the parent's monitor and the stop come from different processes (S2): if the stop wins, the
        // monitor reaches a child already gone and reports noproc, as an Erlang monitor would
        assertTrue(Set.of(ExitReason.normal(), ExitReason.noproc()).contains(exited.get(2)), exited::toString);
        assertEquals(List.of("w2"), List.copyOf(((Map<?, ?>) got.get(4)).keySet()), "an ended child is gone");
    }

    // ---- J10, J11 -------------------------------------------------------------------------------

    @Test
    void J10_aliveNeverThrows() {
        List<Boolean> got = run(self -> {
            Pid agent = startJob(self);
            Pid crashed = startJob(self);
            Agent.signal(self, crashed, "crash");
            awaitEnd(self, crashed);
            return List.of(
                    Await.alive(self, agent),
                    Await.alive(self, crashed),
                    Await.alive(self, "nobody"),
                    Await.alive(self, null),
                    Await.alive(self, 3.14),
                    Await.alive(self, echo(self, false)));
        });
        assertEquals(List.of(true, false, false, false, false, false), got);
    }

    @Test
    void J11_cancelIsAdvisoryAndTheAgentDecides() {
        Duration timeout = shortWait();
        List<Object> got = run(self -> {
            Pid mapAgent = startJob(self);
            Await.cancel(self, mapAgent);
            Completion cancelled = Await.completion(self, mapAgent, WAIT);
            Pid withReason = startJob(self);
            Await.cancel(self, withReason, "user pressed stop");
            Completion cancelled2 = Await.completion(self, withReason, WAIT);
            Pid typed = Agent.start(self, new TypedJob()).pid(); // keeps the default: ignores cancel
            Await.cancel(self, typed);
            AwaitException.Timeout ignored =
                    assertThrows(AwaitException.Timeout.class, () -> Await.completion(self, typed, timeout));
            return List.of(cancelled, cancelled2, ignored, Await.alive(self, typed));
        });
        Completion c = (Completion) got.get(0);
        assertTrue(c.failed());
        assertEquals(new AgentLogic.Cancel("client_cancelled"), c.error());
        assertEquals(new AgentLogic.Cancel("user pressed stop"), ((Completion) got.get(1)).error());
        assertEquals(
                "RUNNING",
                ((AwaitException.Timeout) got.get(2)).diagnostics().get(0).status());
        assertEquals(true, got.get(3));
    }

    // ---- J12 ------------------------------------------------------------------------------------

    @Test
    void J12_anAgentThatDiesWhileAwaitedFailsTheWaitPromptlyWithItsReason() {
        List<Object> got = run(self -> {
            Pid crashing = startJob(self);
            self.sendAfter(crashing, "crash", shortWait());
            long t0 = self.monotonicTime();
            AwaitException.Down crash =
                    assertThrows(AwaitException.Down.class, () -> Await.completion(self, crashing, WAIT));
            long took = self.monotonicTime() - t0;
            Pid killed = startJob(self);
            Pid me = self.self();
            self.spawn(p -> {
                awaitWaiters(p, killed, 1);
                p.exit(killed, ExitReason.kill());
            });
            AwaitException.Down kill =
                    assertThrows(AwaitException.Down.class, () -> Await.completion(self, killed, WAIT));
            return List.of(crash, took, kill, crashing);
        });
        AwaitException.Down crash = (AwaitException.Down) got.get(0);
        ExitReason.Failure f = assertInstanceOf(ExitReason.Failure.class, crash.reason());
        assertEquals("job crashed", f.error().getMessage());
        assertEquals(got.get(3), crash.server());
        assertTrue(crash.getMessage().contains("ended while awaited"), crash.getMessage());
        if (controlled()) {
            assertEquals(shortWait().toNanos(), got.get(1), "at once, not at the deadline");
        }
        assertEquals(ExitReason.killed(), ((AwaitException.Down) got.get(2)).reason());
    }

    // ---- J13 ------------------------------------------------------------------------------------

    @Test
    void J13_aCustomPredicateDecidesCompletion() {
        List<Completion> got = run(self -> {
            Pid agent = startJob(self);
            for (int i = 0; i < 3; i++) {
                Agent.signal(self, agent, "progress");
            }
            Completion mapped = Await.completion(
                    self,
                    agent,
                    WAIT,
                    AwaitOptions.defaults().completedWhen(s -> (Integer) ((Map<?, ?>) s).get("progress") >= 3));
            Pid typed = Agent.start(self, new TypedJob()).pid();
            Agent.signal(self, typed, "finish");
            Completion viaAccessors = Await.completion(
                    self,
                    typed,
                    WAIT,
                    AwaitOptions.defaults()
                            .accessors(Typed.class, t -> t.status().name(), Typed::result, t -> "none")
                            .completedWhen(Typed.class, t -> t.result() != null));
            return List.of(mapped, viaAccessors);
        });
        assertEquals(new Completion("running", null, null), got.get(0), "done by the predicate, not the status");
        assertEquals(new Completion("COMPLETED", 42, "none"), got.get(1));
    }

    // ---- bad input ------------------------------------------------------------------------------

    @Test
    void badInput_optionsThatDoNotFitTheStateFailTheWaitNotTheAgent() {
        record Plain(String status) {}
        List<Object> got = run(self -> {
            Pid plain = Agent.start(self, new AgentLogic<Plain>() {
                        @Override
                        public Plain init(AgentContext agent) {
                            return new Plain("completed");
                        }

                        @Override
                        public Plain handleSignal(AgentContext agent, Object signal, Plain state) {
                            return state;
                        }
                    })
                    .pid();
            Pid job = startJob(self);
            return List.of(
                    assertThrows(AwaitException.BadState.class, () -> Await.completion(self, plain, WAIT)),
                    assertThrows(
                            AwaitException.BadState.class,
                            () -> Await.completion(
                                    self,
                                    job,
                                    WAIT,
                                    AwaitOptions.defaults()
                                            .accessors(Typed.class, Typed::status, Typed::result, Typed::error))),
                    assertThrows(
                            AwaitException.BadState.class,
                            () -> Await.completion(
                                    self, job, WAIT, AwaitOptions.defaults().statusPath("status", "deeper"))),
                    Await.alive(self, plain) && Await.alive(self, job));
        });
        assertTrue(((Exception) got.get(0)).getMessage().contains("not a Map"), ((Exception) got.get(0)).getMessage());
        assertTrue(((Exception) got.get(1)).getMessage().contains("takes a"), ((Exception) got.get(1)).getMessage());
        assertTrue(
                ((Exception) got.get(2)).getMessage().contains("the value at [status]"),
                ((Exception) got.get(2)).getMessage());
        assertEquals(true, got.get(3), "the agents were not harmed");
    }

    @Test
    void badInput_argumentsAreCheckedWithClearErrors() {
        assertEquals(
                "statusPath must have at least one key",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AwaitOptions.defaults().statusPath())
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> AwaitOptions.defaults().resultPath("a", null))
                .getMessage()
                .contains("null keys"));
        List<Exception> got = run(self -> {
            Pid job = startJob(self);
            return List.of(
                    assertThrows(
                            IllegalArgumentException.class, () -> Await.completion(self, job, Duration.ofSeconds(-1))),
                    assertThrows(NullPointerException.class, () -> Await.all(self, null, WAIT)),
                    assertThrows(NullPointerException.class, () -> Await.child(self, job, null, WAIT)),
                    assertThrows(NullPointerException.class, () -> Agent.signal(self, job, null)));
        });
        assertTrue(
                got.get(0).getMessage().contains("must not be negative"),
                got.get(0).getMessage());
        assertTrue(got.get(1).getMessage().contains("servers"), got.get(1).getMessage());
        assertTrue(got.get(2).getMessage().contains("tag"), got.get(2).getMessage());
        assertTrue(got.get(3).getMessage().contains("signal"), got.get(3).getMessage());
        StartResult nullInit = run(self -> Agent.start(self, new AgentLogic<Object>() {
            @Override
            public Object init(AgentContext agent) {
                return null;
            }

            @Override
            public Object handleSignal(AgentContext agent, Object signal, Object state) {
                return state;
            }
        }));
        StartResult.Failed failed = assertInstanceOf(StartResult.Failed.class, nullInit);
        assertTrue(
                failed.reason().toString().contains("init returned null"),
                failed.reason().toString());
    }

    @Test
    void badInput_aTagHeldByALiveChildIsRefused() {
        Object got = run(self -> {
            Pid me = self.self();
            Agent.start(self, new AgentLogic<String>() {
                @Override
                public String init(AgentContext agent) {
                    agent.startChild("w", new Job());
                    try {
                        agent.startChild("w", new Job());
                    } catch (IllegalArgumentException e) {
                        agent.self().send(me, e.getMessage());
                    }
                    return "running";
                }

                @Override
                public String handleSignal(AgentContext agent, Object signal, String state) {
                    return state;
                }
            });
            return expect(self, m -> m instanceof String s ? s : null, "the refusal");
        });
        assertTrue(got.toString().contains("child tag w is already held"), got.toString());
    }

    @Test
    void hostCode_usesTheNodeOverloads() {
        StartResult started =
                Agent.start(node, new Job(), SpawnOptions.defaults().name("hosted"));
        Pid agent = started.pid();
        Agent.signal(node, "hosted", "finish");
        assertEquals("answer", Await.completion(node, agent, WAIT).result());
        assertTrue(Await.alive(node, "hosted"));
        assertEquals(
                1,
                Await.all(node, List.of(agent), WAIT, AwaitOptions.defaults()).size());
        assertEquals(
                agent,
                Await.any(node, List.of(agent), WAIT, AwaitOptions.defaults()).server());
        assertEquals(Map.of(), Await.getChildren(node, agent));
        assertEquals(Optional.empty(), Await.getChild(node, agent, "x"));
    }
}
