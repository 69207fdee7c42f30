package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.MessageHandler;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.TimerRef;
import org.otp4j.testkit.TestNode;

/**
 * Stale timer after cancel: a session closes after 100 ms without a keep-alive; on a keep-alive it
 * cancels its idle timer and starts a new one. A keep-alive due at the same instant as the timer can be
 * handled after the timer has fired: the cancel comes too late, the idle message is already queued, and
 * the session closes right after the keep-alive. Fixed: a keyed timer, whose replaced message is never
 * received even when already queued.
 */
final class StaleTimer {
    private StaleTimer() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "stale-timer",
            "an idle timer's message already queued when a keep-alive cancels the timer",
            List.of("closed after PT0S idle"),
            node -> run(node, false),
            node -> run(node, true));

    static final Duration IDLE = Duration.ofMillis(100);

    /** Reported by the session when it closes. */
    record Closed(Duration idleFor) {}

    /** Buggy: a raw timer, cancelled with cancelTimer, whose message may already be in the mailbox. */
    static MessageHandler session(Pid owner) {
        return new MessageHandler() {
            private TimerRef idle;
            private long lastActive;

            @Override
            public void started(ProcessContext self) {
                lastActive = self.monotonicTime();
                idle = self.sendAfter(self.self(), "idle", IDLE);
            }

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message.equals("keep-alive")) {
                    self.cancelTimer(idle); // empty if it has fired: its message is queued, and will be handled
                    lastActive = self.monotonicTime();
                    idle = self.sendAfter(self.self(), "idle", IDLE);
                } else if (message.equals("idle")) {
                    close(self, owner, lastActive);
                }
            }
        };
    }

    /** Fixed: a keyed timer; restarting it drops the old one's message, queued or not. */
    static MessageHandler keyedSession(Pid owner) {
        return new MessageHandler() {
            private long lastActive;

            @Override
            public void started(ProcessContext self) {
                lastActive = self.monotonicTime();
                self.timers().startSingleTimer("idle", "idle", IDLE);
            }

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message.equals("keep-alive")) {
                    lastActive = self.monotonicTime();
                    self.timers().startSingleTimer("idle", "idle", IDLE);
                } else if (message.equals("idle")) {
                    close(self, owner, lastActive);
                }
            }
        };
    }

    private static void close(ProcessContext self, Pid owner, long lastActive) {
        self.send(owner, new Closed(Duration.ofNanos(self.monotonicTime() - lastActive)));
        throw self.exit(ExitReason.normal());
    }

    static void run(TestNode node, boolean fixed) {
        Closed closed = node.run(self -> {
            Pid me = self.self();
            Pid session = self.spawn(fixed ? keyedSession(me) : session(me));
            self.spawn(p -> p.sendAfter(session, "keep-alive", IDLE)); // a client pinging every 100 ms
            return self.receive(Matcher.type(Closed.class));
        });
        assertTrue(
                closed.idleFor().compareTo(IDLE) >= 0,
                "the session closes only after " + IDLE + " without a keep-alive, but it closed after "
                        + closed.idleFor() + " idle");
    }
}
