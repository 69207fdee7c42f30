package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.server.CallException;
import org.otp4j.server.GenServer;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;
import org.otp4j.sys.Sys;

/** SEMANTICS.md SY1-SY3: sys introspection for both behaviours. */
public abstract class SysContract extends ConformanceBase {

    protected SysContract(NodeFactory factory) {
        super(factory);
    }

    private static Pid counter(ProcessContext self) {
        return GenServer.start(self, new GenServerContract.Counter(null)).pid();
    }

    @Test
    void SY1_getStateAndReplaceStateAndAFailingReplaceLeavesTheStateAlone() {
        List<Object> got = run(self -> {
            Pid server = counter(self);
            GenServer.call(self, server, "inc");
            Object before = Sys.getState(self, server);
            Object replaced = Sys.replaceState(self, server, n -> (Integer) n + 10);
            String failure;
            try {
                Sys.replaceState(self, server, n -> {
                    throw new IllegalStateException("bad replace");
                });
                failure = "no failure";
            } catch (CallException e) {
                failure = e.getMessage();
            }
            Object after = GenServer.call(self, server, "get");
            Pid machine = StateMachine.start(self, new StateMachine<String, Integer>() {
                        @Override
                        public Init<String, Integer> init(ProcessContext s) {
                            return Init.ok("idle", 7);
                        }

                        @Override
                        public Transition<String, Integer> handleEvent(
                                ProcessContext s, EventType t, Object c, String state, Integer data) {
                            return Transition.keepStateAndData(Action.postpone());
                        }
                    })
                    .pid();
            Object machineState = Sys.getState(self, machine);
            return List.of(before, replaced, failure, after, machineState);
        });
        assertEquals(1, got.get(0));
        assertEquals(11, got.get(1));
        assertTrue(got.get(2).toString().contains("bad replace"), got.get(2)::toString);
        assertEquals(11, got.get(3), "the failed replace left the state as it was");
        assertEquals(new Sys.StateAndData("idle", 7), got.get(4), "a state machine reports state and data");
    }

    @Test
    void SY2_aSuspendedBehaviourHandlesOnlySystemRequestsAndOrdinaryMessagesWait() {
        List<Object> got = run(self -> {
            Pid server = counter(self);
            Sys.suspend(self, server);
            GenServer.cast(self, server, "inc");
            GenServer.cast(self, server, "inc");
            Object whileSuspended = Sys.getState(self, server); // system requests still answered
            Sys.Status status = Sys.getStatus(self, server);
            Sys.resume(self, server);
            Object afterResume = GenServer.call(self, server, "get");
            return List.of(whileSuspended, status.suspended(), status.stashed(), afterResume);
        });
        assertEquals(List.of(0, true, 2, 2), got);
    }

    @Test
    void SY3_statisticsAndTraceCanBeSwitchedOnAtRuntime() {
        List<Object> got = run(self -> {
            Pid server = counter(self);
            GenServer.call(self, server, "inc");
            Sys.statistics(self, server, true);
            Sys.trace(self, server, true);
            GenServer.call(self, server, "inc");
            GenServer.cast(self, server, "inc");
            Sys.Statistics stats = Sys.getStatus(self, server).statistics();
            Sys.statistics(self, server, false);
            Sys.trace(self, server, false);
            return List.of(
                    stats.messagesIn(),
                    stats.replies(),
                    Sys.getStatus(self, server).statistics() == null);
        });
        assertEquals(List.of(2L, 1L, true), got);
    }

    @Test
    void SY2_aSuspendedBehaviourCanStillBeStoppedAndABadReplaceFailsOnlyTheCaller() {
        List<Object> got = run(self -> {
            Pid machine = StateMachine.start(self, new StateMachine<String, Integer>() {
                        @Override
                        public Init<String, Integer> init(ProcessContext s) {
                            return Init.ok("idle", 0);
                        }

                        @Override
                        public Transition<String, Integer> handleEvent(
                                ProcessContext s, EventType t, Object c, String state, Integer data) {
                            return Transition.keepStateAndData();
                        }
                    })
                    .pid();
            String bad;
            try {
                Sys.replaceState(self, machine, x -> "not a StateAndData");
                bad = "replaced";
            } catch (CallException e) {
                bad = "caller failed";
            }
            boolean alive = node.isAlive(machine);
            Sys.suspend(self, machine);
            StateMachine.stop(self, machine, org.otp4j.ExitReason.normal());
            return List.of(bad, alive, node.isAlive(machine));
        });
        assertEquals(List.of("caller failed", true, false), got);
    }
}
