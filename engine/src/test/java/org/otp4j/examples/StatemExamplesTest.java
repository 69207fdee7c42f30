package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.internal.sched.ControlledScheduler;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;

/** The org.otp4j.statem package example, compiled and run: keep it identical to the snippet. */
class StatemExamplesTest {

    // --- org.otp4j.statem package-info snippet ---
    enum Door {
        LOCKED,
        OPEN
    }

    static final class CodeLock implements StateMachine<Door, String> {
        @Override
        public Init<Door, String> init(ProcessContext self) {
            return Init.ok(Door.LOCKED, "1234");
        }

        @Override
        public boolean stateEnter() {
            return true;
        }

        @Override
        public Transition<Door, String> handleEvent(
                ProcessContext self, EventType type, Object event, Door state, String code) {
            return switch (state) {
                case LOCKED ->
                    switch (type) {
                        case EventType.Enter e -> Transition.keepStateAndData();
                        case EventType.Call c
                        when event.equals(code) ->
                            Transition.nextState(Door.OPEN, code, Action.reply(c.from(), "open"));
                        case EventType.Call c -> Transition.keepStateAndData(Action.reply(c.from(), "wrong code"));
                        default -> Transition.keepStateAndData();
                    };
                case OPEN ->
                    switch (type) {
                        case EventType.Enter e ->
                            Transition.keepStateAndData(Action.stateTimeout(Duration.ofSeconds(10), "lock"));
                        case EventType.StateTimeout t -> Transition.nextState(Door.LOCKED, code);
                        default -> Transition.keepStateAndData(Action.postpone()); // handled once locked
                    };
            };
        }
    }
    // --- end of snippet ---

    @Test
    void packageInfo_theDoorOpensWithTheCodeAndLocksAgainTenVirtualSecondsLater() {
        ControlledScheduler scheduler = new ControlledScheduler(7);
        try (Node node =
                Node.builder().scheduler(scheduler).clock(scheduler.clock()).build()) {
            List<Object> got = node.run(self -> {
                Pid door = StateMachine.start(self, new CodeLock()).pid();
                Object wrong = StateMachine.call(self, door, "0000");
                Object open = StateMachine.call(self, door, "1234");
                long opened = self.monotonicTime();
                // postponed while open, answered once it has locked again, ten seconds later
                Object postponed = StateMachine.call(self, door, "1234", Duration.ofSeconds(30));
                return List.of(wrong, open, postponed, Duration.ofNanos(self.monotonicTime() - opened));
            });
            assertEquals(List.of("wrong code", "open", "open", Duration.ofSeconds(10)), got);
        }
    }
}
