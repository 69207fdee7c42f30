package org.otp4j;

import java.util.Objects;

/**
 * The message {@link ProcessContext#startTimer} delivers when its timer fires: Erlang's {@code
 * {timeout, TimerRef, Msg}}.
 *
 * @param timer the timer that fired
 * @param message the message given when the timer was started
 */
public record Timeout(TimerRef timer, Object message) {
    /** Validates the fields. */
    public Timeout {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(message, "message");
    }
}
