package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.otp4j.ExitReason;
import org.otp4j.ProcessContext;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Next;
import org.otp4j.server.Result;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;
import org.otp4j.sys.Sys;

class BehaviourHarnessTest {

    /** A counter that stops after a minute without messages, and replies to "later" only on "answer". */
    static final class Counter implements GenServer<Integer> {
        private From waiting;

        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0, Next.timeout(Duration.ofMinutes(1)));
        }

        @Override
        public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
            if (request.equals("later")) {
                waiting = from;
                return CallResult.noReply(n);
            }
            if (request.equals("answer")) {
                GenServer.reply(self, waiting, "answered late");
            }
            if (request.equals("block")) {
                self.receive(); // not possible under the harness
            }
            return CallResult.reply(n, n, Next.timeout(Duration.ofMinutes(1)));
        }

        @Override
        public Result<Integer> handleCast(ProcessContext self, Object request, Integer n) {
            self.send(self.self(), "note to self");
            return Result.noReply(n + 1, Next.timeout(Duration.ofMinutes(1)));
        }

        @Override
        public Result<Integer> handleInfo(ProcessContext self, Object message, Integer n) {
            return message == GenServer.TIMEOUT ? Result.stop(ExitReason.normal(), n) : Result.noReply(n);
        }
    }

    @Test
    void aServerIsDrivenByHandWithItsEffectsAndTimersRecorded() {
        try (BehaviourHarness h = BehaviourHarness.ofServer(new Counter())) {
            List<BehaviourHarness.Effect> init = h.drainEffects();
            assertEquals(1, init.size(), init::toString);
            BehaviourHarness.TimerStarted idle = assertInstanceOf(BehaviourHarness.TimerStarted.class, init.getFirst());
            assertEquals(Duration.ofMinutes(1), idle.delay(), "init set the idle timeout");
            h.cast("inc");
            assertEquals(Optional.of(1), h.call("get"));
            List<BehaviourHarness.Effect> effects = h.drainEffects();
            assertTrue(effects.contains(new BehaviourHarness.Sent(h.self(), "note to self")), effects::toString);
            assertEquals(Optional.empty(), h.call("later"), "no reply yet");
            h.call("answer");
            assertTrue(
                    h.effects().stream()
                            .anyMatch(e -> e instanceof BehaviourHarness.Replied r
                                    && r.value().equals("answered late")),
                    h.effects()::toString);
            assertEquals(1, h.state());
            h.advance(Duration.ofSeconds(59));
            assertTrue(h.stopped().isEmpty(), "not idle long enough yet");
            h.advance(Duration.ofSeconds(1));
            assertEquals(Optional.of(ExitReason.normal()), h.stopped(), "the idle timeout fired and stopped it");
            assertThrows(IllegalStateException.class, () -> h.cast("inc"));
        }
    }

    @Test
    void blockingInACallbackIsReportedAsUnsupported() {
        try (BehaviourHarness h = BehaviourHarness.ofServer(new Counter())) {
            h.call("block");
            ExitReason.Failure f =
                    assertInstanceOf(ExitReason.Failure.class, h.stopped().orElseThrow());
            assertTrue(
                    f.error().getMessage().contains("not available under the BehaviourHarness"), f.error()::toString);
        }
    }

    /** The code lock of the statem package example. */
    static final class CodeLock implements StateMachine<String, String> {
        @Override
        public Init<String, String> init(ProcessContext self) {
            return Init.ok("locked", "1234");
        }

        @Override
        public boolean stateEnter() {
            return true;
        }

        @Override
        public Transition<String, String> handleEvent(
                ProcessContext self, EventType type, Object event, String state, String code) {
            if (state.equals("locked")) {
                if (type instanceof EventType.Call c) {
                    return event.equals(code)
                            ? Transition.nextState("open", code, Action.reply(c.from(), "open"))
                            : Transition.keepStateAndData(Action.reply(c.from(), "wrong code"));
                }
                return Transition.keepStateAndData();
            }
            if (type instanceof EventType.Enter) {
                return Transition.keepStateAndData(Action.stateTimeout(Duration.ofSeconds(10), "lock"));
            }
            if (type instanceof EventType.StateTimeout) {
                return Transition.nextState("locked", code);
            }
            return Transition.keepStateAndData(Action.postpone());
        }
    }

    @Test
    void aStateMachinesStateTimeoutAndPostponedCallsFollowVirtualTime() {
        try (BehaviourHarness h = BehaviourHarness.ofMachine(new CodeLock())) {
            assertEquals(Optional.of("wrong code"), h.call("0000"));
            assertEquals(Optional.of("open"), h.call("1234"));
            assertEquals(new Sys.StateAndData("open", "1234"), h.state());
            assertEquals(Optional.empty(), h.call("1234"), "postponed while open");
            h.drainEffects();
            h.advance(Duration.ofSeconds(10)); // the state timeout locks it; the postponed call is retried
            assertEquals(new Sys.StateAndData("open", "1234"), h.state(), "the retried code opened it again");
            assertTrue(
                    h.effects().stream()
                            .anyMatch(e -> e instanceof BehaviourHarness.Replied r
                                    && r.value().equals("open")),
                    h.effects()::toString);
        }
    }
}
