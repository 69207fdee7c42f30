package org.otp4j.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;

/**
 * Assertions for use inside a process, with bounds in the node's time (virtual under the testkit, so a
 * five-second bound costs nothing when the expected message is there and fails at once when it cannot
 * come).
 */
public final class Probes {
    private Probes() {}

    /**
     * Receives the oldest message {@code matcher} accepts, failing if none arrives within {@code within}.
     *
     * @param self the calling process
     * @param matcher what to expect
     * @param within the bound
     * @param <R> what the matcher yields
     * @return the matcher's value
     * @throws AssertionError if nothing matched in time
     */
    public static <R> R assertReceive(ProcessContext self, Matcher<R> matcher, Duration within) {
        Objects.requireNonNull(matcher, "matcher");
        return self.receive(matcher, within)
                .orElseThrow(() -> new AssertionError(self.self() + " expected a message within " + within
                        + " but none matched; queued: " + queued(self)));
    }

    /**
     * Fails if a message {@code matcher} accepts arrives within {@code within}.
     *
     * @param self the calling process
     * @param matcher what must not arrive
     * @param within how long to watch
     * @throws AssertionError if such a message arrived
     */
    public static void refuteReceive(ProcessContext self, Matcher<?> matcher, Duration within) {
        Optional<?> got = self.receive(matcher, within);
        if (got.isPresent()) {
            throw new AssertionError(
                    self.self() + " expected no matching message within " + within + ", got " + got.get());
        }
    }

    /**
     * Receives the {@link Down} of monitor {@code ref}.
     *
     * @param self the calling process
     * @param ref the monitor
     * @param within the bound
     * @return the DOWN
     */
    public static Down expectDown(ProcessContext self, Ref ref, Duration within) {
        return assertReceive(self, m -> m instanceof Down d && d.ref().equals(ref) ? d : null, within);
    }

    /**
     * Receives the {@link Exit} from {@code from} (the caller must trap exits), optionally checking its
     * reason.
     *
     * @param self the calling process
     * @param from the process the exit comes from
     * @param reason the expected reason, or null for any
     * @param within the bound
     * @return the EXIT
     */
    public static Exit expectExit(ProcessContext self, Pid from, ExitReason reason, Duration within) {
        Exit e = assertReceive(self, m -> m instanceof Exit x && x.from().equals(from) ? x : null, within);
        if (reason != null && !reason.equals(e.reason())) {
            throw new AssertionError("expected EXIT from " + from + " with reason " + reason + ", got " + e.reason());
        }
        return e;
    }

    private static String queued(ProcessContext self) {
        return self.node()
                .info(self.self())
                .map(i -> i.messageQueueLength() + " message(s)")
                .orElse("?");
    }
}
