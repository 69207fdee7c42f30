package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;

class StateMachineCheckTest {

    /** Postpones everything while "waiting"; "go" moves to "ready", where events are taken. */
    static final class Gate implements StateMachine<String, Integer> {
        @Override
        public Init<String, Integer> init(ProcessContext self) {
            return Init.ok("waiting", 0);
        }

        @Override
        public Transition<String, Integer> handleEvent(
                ProcessContext self, EventType type, Object content, String state, Integer n) {
            if (state.equals("waiting")) {
                return content.equals("go")
                        ? Transition.nextState("ready", n)
                        : Transition.keepStateAndData(Action.postpone());
            }
            return Transition.keepState(n + 1);
        }
    }

    @Test
    void SM14_theTestkitFlagsAPostponedEventThatCanNeverBeRetried() {
        ScheduleFailure f = Explorer.builder()
                .name("sm14")
                .seed(1)
                .schedules(5)
                .build()
                .explore(node -> node.run(self -> {
                    Pid gate = StateMachine.start(self, new Gate()).pid();
                    StateMachine.cast(self, gate, "early"); // postponed, and "go" never comes
                    return null;
                }))
                .failure();
        assertNotNull(f);
        assertTrue(f.getCause().getMessage().contains("postponed events that can never be retried"), f.getMessage());
        assertTrue(f.getCause().getMessage().contains("1 postponed event(s) in state waiting"), f.getMessage());
    }

    @Test
    void SM14_aPostponedEventThatATimerCanStillReleaseIsNotFlagged() {
        Explorer.builder()
                .name("sm14-ok")
                .seed(1)
                .schedules(20)
                .build()
                .explore(node -> node.run(self -> {
                    Pid gate = StateMachine.start(self, new Gate()).pid();
                    StateMachine.cast(self, gate, "early");
                    self.sendAfter(gate, "go", Duration.ofSeconds(1)); // a plain message: an info event
                    return null;
                }))
                .assertPassed();
    }
}
