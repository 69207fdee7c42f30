package org.otp4j.supervisor;

import java.time.Duration;

/**
 * How a supervisor stops a child (SV6): OTP's {@code brutal_kill}, a timeout, or {@code infinity}.
 *
 * <p>The supervisor first monitors and unlinks the child. If an exit of the child was already queued,
 * the child is dead and that exit is its real reason. Otherwise: {@link #brutalKill()} sends {@code
 * kill}; {@link #timeout(Duration)} sends {@code shutdown}, waits for the child to end, and sends {@code
 * kill} when the time is up; {@link #infinity()} sends {@code shutdown} and waits for ever (the default
 * for supervisor children, so that they can stop their own subtree).
 */
public sealed interface Shutdown {
    /**
     * Kill the child at once; it cannot trap this.
     *
     * @return the shutdown
     */
    static Shutdown brutalKill() {
        return BrutalKill.INSTANCE;
    }

    /**
     * Send {@code shutdown}, then {@code kill} if the child has not ended within {@code timeout}.
     *
     * @param timeout positive
     * @return the shutdown
     * @throws IllegalArgumentException if the timeout is null, zero or negative
     */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /**
     * Send {@code shutdown} and wait as long as it takes.
     *
     * @return the shutdown
     */
    static Shutdown infinity() {
        return Infinity.INSTANCE;
    }

    /** See {@link #brutalKill()}. */
    enum BrutalKill implements Shutdown {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "brutal_kill";
        }
    }

    /** See {@link #infinity()}. */
    enum Infinity implements Shutdown {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "infinity";
        }
    }

    /**
     * See {@link #timeout(Duration)}.
     *
     * @param timeout how long the child gets to stop
     */
    record Timeout(Duration timeout) implements Shutdown {
        /** Checks the timeout. */
        public Timeout {
            if (timeout == null) {
                throw new IllegalArgumentException("bad shutdown: the timeout must not be null");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("bad shutdown: the timeout must be positive, got " + timeout
                        + " (use Shutdown.brutalKill() to kill at once)");
            }
            if (timeout.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("bad shutdown: the timeout " + timeout + " is longer than "
                        + MAX.toDays() + " days (use Shutdown.infinity() to wait for ever)");
            }
        }

        /** The longest timeout: beyond it, nanosecond deadlines would overflow. */
        static final Duration MAX = Duration.ofDays(365L * 100);

        @Override
        public String toString() {
            return timeout.toString();
        }
    }
}
