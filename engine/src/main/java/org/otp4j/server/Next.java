package org.otp4j.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What a server does after a callback, besides waiting for the next message: OTP's timeout, {@code
 * hibernate} and {@code {continue, Arg}} in a callback's result.
 */
public sealed interface Next {
    /** {@return nothing more: wait for the next message} */
    static Next none() {
        return None.INSTANCE;
    }

    /**
     * An idle timeout: if no message arrives within {@code timeout}, {@link GenServer#handleInfo} gets
     * {@link GenServer#TIMEOUT}; any message cancels it.
     *
     * @param timeout non-negative
     * @return the action
     */
    static Next timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a server timeout must not be negative, got " + timeout);
        }
        return new Timeout(timeout);
    }

    /**
     * Hibernate: give memory back while idle. A server already holds no thread between messages, so this
     * only documents intent; it is accepted for OTP parity.
     *
     * @return the action
     */
    static Next hibernate() {
        return Hibernate.INSTANCE;
    }

    /**
     * Run {@link GenServer#handleContinue} with {@code argument} before any queued message.
     *
     * @param argument passed to handleContinue
     * @return the action
     */
    static Next continueWith(Object argument) {
        return new Continue(Objects.requireNonNull(argument, "continue argument"));
    }

    /** See {@link #none()}. */
    enum None implements Next {
        /** The only instance. */
        INSTANCE
    }

    /** See {@link #hibernate()}. */
    enum Hibernate implements Next {
        /** The only instance. */
        INSTANCE
    }

    /**
     * See {@link #timeout(Duration)}.
     *
     * @param timeout the idle timeout
     */
    record Timeout(Duration timeout) implements Next {}

    /**
     * See {@link #continueWith(Object)}.
     *
     * @param argument for handleContinue
     */
    record Continue(Object argument) implements Next {}
}
