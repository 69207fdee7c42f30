package org.otp4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.await.Agent;
import org.otp4j.await.AgentContext;
import org.otp4j.await.AgentLogic;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;
import org.otp4j.supervisor.Backoff;
import org.otp4j.supervisor.ChildInfo;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Supervisor;

/** Regression tests for bugs a cold review found in supervisors, the kernel and agents (production scheduler). */
class ReviewRegressionTest {
    private Node node;

    @BeforeEach
    void start() {
        node = Node.builder().shutdownGrace(Duration.ofMillis(300)).build();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static ChildSpec idle(String id) {
        return ChildSpec.process(id, self -> self.receive());
    }

    private static ChildInfo.Status status(List<ChildInfo> cs, String id) {
        return cs.stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow()
                .status();
    }

    /**
     * one_for_all with backoff: A crashes, B is shut down and both wait under A's timer key. Terminating A
     * cancels that one timer, so B is never restarted and stays "restarting" forever (restartChild and
     * deleteChild refuse it).
     */
    @Test
    void SV8_terminatingTheCrashedChildOfAPendingGroupRestartStillRestartsTheOthers() {
        node.run(
                self -> {
                    Backoff backoff = Backoff.exponential(Duration.ofMillis(300), Duration.ofSeconds(1), 0.0);
                    Pid sup = Supervisor.start(
                                    self,
                                    Flags.oneForAll().withBackoff(backoff),
                                    List.of(idle("a"), idle("b")),
                                    SpawnOptions.defaults())
                            .pid();
                    Pid a = ((ChildInfo.Running) status(Supervisor.whichChildren(self, sup), "a")).pid();
                    self.exit(a, ExitReason.of("boom"));
                    while (!(status(Supervisor.whichChildren(self, sup), "b") instanceof ChildInfo.Restarting)) {
                        self.receive(m -> null, Duration.ofMillis(5));
                    }
                    Supervisor.terminateChild(self, sup, "a");
                    // b's restart is due 300 ms after a's crash; wait for it, bounded well past that
                    long deadline =
                            self.monotonicTime() + Duration.ofSeconds(10).toNanos();
                    List<ChildInfo> cs = Supervisor.whichChildren(self, sup);
                    while (!(status(cs, "b") instanceof ChildInfo.Running) && self.monotonicTime() < deadline) {
                        self.receive(m -> null, Duration.ofMillis(20));
                        cs = Supervisor.whichChildren(self, sup);
                    }
                    assertInstanceOf(ChildInfo.Running.class, status(cs, "b"), "b was never restarted: " + cs);
                    return null;
                },
                Duration.ofSeconds(30));
    }

    /**
     * A links to B while B is busy (B has not drained its inbox); B then ends normally. In Erlang the
     * link was established while B lived, so A gets a normal exit and survives. Here terminate treats the
     * LINK still in B's inbox as "late" and answers noproc.
     */
    @Test
    void E5_aLinkQueuedAtABusyProcessThatEndsNormallyGetsNormalNotNoproc() {
        AtomicBoolean go = new AtomicBoolean();
        Exit exit = node.run(
                self -> {
                    Pid a = self.self();
                    Pid b = self.spawn((ProcessContext me) -> {
                        me.send(a, "running"); // send does not drain B's inbox
                        while (!go.get()) {
                            Thread.onSpinWait();
                        }
                    });
                    self.receive(m -> "running".equals(m) ? m : null);
                    self.trapExit(true);
                    self.link(b);
                    go.set(true);
                    return self.receive(m -> m instanceof Exit e ? e : null);
                },
                Duration.ofSeconds(30));
        assertEquals(ExitReason.normal(), exit.reason(), "the link reached B while it lived");
    }

    /** A server busy in a callback crashes; a call sent during that callback fails with noproc (G2). */
    @Test
    void G2_aCallQueuedAtABusyServerThatCrashesFailsWithTheCrashNotNoproc() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        record Busy() implements GenServer<String> {
            @Override
            public InitResult<String> init(ProcessContext self) {
                return InitResult.ok("s");
            }

            @Override
            public CallResult<String> handleCall(ProcessContext self, Object request, From from, String state) {
                return CallResult.reply("pong", state);
            }

            @Override
            public Result<String> handleCast(ProcessContext self, Object request, String state) throws Exception {
                ((CountDownLatch[]) request)[0].countDown();
                ((CountDownLatch[]) request)[1].await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("crash");
            }

            @Override
            public Result<String> handleInfo(ProcessContext self, Object message, String state) {
                return Result.noReply(state);
            }
        }
        Pid server = GenServer.start(node, new Busy(), SpawnOptions.defaults()).pid();
        CallException e = node.run(
                self -> {
                    GenServer.cast(self, server, new CountDownLatch[] {busy, release});
                    busy.await();
                    Pid releaser = self.spawn((ProcessContext me) -> {
                        // wait until the call (monitor + request) is in the server's inbox, then let it crash
                        while (node.info(server)
                                        .map(i -> i.messageQueueLength())
                                        .orElse(0)
                                < 1) {
                            Thread.onSpinWait();
                        }
                        release.countDown();
                    });
                    return assertThrows(CallException.class, () -> GenServer.call(self, server, "ping"));
                },
                Duration.ofSeconds(30));
        assertTrue(
                !e.reason().equals(ExitReason.noproc()),
                "the server lived when the call reached it; expected its crash reason, got " + e.reason());
    }

    /** A child logic that crashes on any signal. */
    record Crasher() implements AgentLogic<String> {
        @Override
        public String init(AgentContext agent) {
            return "running";
        }

        @Override
        public String handleSignal(AgentContext agent, Object signal, String state) {
            throw new IllegalStateException("child crash");
        }
    }

    /** A parent that starts a tagged child and records the ChildExited it sees. */
    record Parent(Pid observer) implements AgentLogic<String> {
        @Override
        public String init(AgentContext agent) {
            agent.startChild("c", new Crasher());
            return "running";
        }

        @Override
        public String handleSignal(AgentContext agent, Object signal, String state) {
            if (signal instanceof AgentLogic.ChildExited e) {
                agent.self().send(observer, e);
            }
            return state;
        }
    }

    /**
     * AgentContext.startChild links the child, and the agent does not trap exits: a child that crashes
     * kills its parent agent, so the parent never sees the ChildExited its docs promise.
     */
    @Test
    void J8_aCrashingChildReachesTheParentAsChildExitedAndTheParentLives() {
        Object seen = node.run(
                self -> {
                    Pid parent = Agent.start(self, new Parent(self.self())).pid();
                    org.otp4j.Ref mon = self.monitor(parent);
                    Pid child =
                            org.otp4j.await.Await.getChild(self, parent, "c").orElseThrow();
                    Agent.signal(self, child, "crash now");
                    return self.receive(m -> m instanceof AgentLogic.ChildExited
                                    || (m instanceof org.otp4j.Down d && d.ref().equals(mon))
                            ? m
                            : null);
                },
                Duration.ofSeconds(30));
        assertInstanceOf(AgentLogic.ChildExited.class, seen, "the parent agent died instead: " + seen);
    }
}
