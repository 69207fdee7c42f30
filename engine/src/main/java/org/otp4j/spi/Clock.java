package org.otp4j.spi;

/**
 * Monotonic time and timers: the second half of the determinism seam (see {@link Scheduler}).
 *
 * <p>The production clock reads {@code System.nanoTime} and fires timers from one platform thread.
 * The testkit's clock is virtual: it stands still until the scheduler moves it to the next timer.
 */
public interface Clock {

    /** {@return monotonic time in nanoseconds; only differences are meaningful} */
    long nanoTime();

    /**
     * Runs {@code action} once at or after {@code deadlineNanos}. The action must be quick (it delivers
     * a signal); it runs on the clock's thread.
     *
     * @param deadlineNanos when to run it, on {@link #nanoTime()}
     * @param action what to run
     * @return cancels the timer if it has not run yet
     */
    Cancellable schedule(long deadlineNanos, Runnable action);

    /**
     * Creates a timer that can be armed again and again, for an owner that keeps replacing one pending
     * timeout (a state machine's state timeout, a server's idle timeout). Arming it replaces its pending
     * run, if any; a clock can do that in place, without a new timer each time (the default schedules a
     * new one-shot timer per arm).
     *
     * <p>Guarantees: an arm never runs before its deadline; what the owner wrote before {@link Timer#arm}
     * is visible to that arm's run (the arm happens-before its run); once {@link Timer#arm} or {@link
     * Timer#cancel} returns, no earlier arm's run starts. A run that had already started may still be
     * going on (on the clock's thread): it gets the number of its arm, so the owner can tell it from the
     * current one. {@code arm} and {@code cancel} must not wait for a run in progress (the default
     * implementation holds the timer's lock while it cancels and schedules, and a run takes it too).
     *
     * @param action what to run when an arm is due; it must be quick, as for {@link #schedule}
     * @return a timer, not armed yet
     */
    default Timer timer(ArmedAction action) {
        return new ScheduledTimer(this, action);
    }

    /** Stops the clock's threads; pending timers never fire. */
    void close();

    /** Cancels a scheduled timer. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the timer if it has not run yet; idempotent. */
        void cancel();
    }

    /** A re-armable timer from {@link #timer}. Thread-safe. */
    interface Timer {
        /**
         * Arms the timer, replacing the pending arm if there is one (which then never runs).
         *
         * @param deadlineNanos when to run, on {@link #nanoTime()}
         * @return this arm's number: 1 for the first, one more for each arm after it
         */
        long arm(long deadlineNanos);

        /** Cancels the pending arm, if any; idempotent. */
        void cancel();
    }

    /** What a {@link Timer} runs. */
    @FunctionalInterface
    interface ArmedAction {
        /**
         * Runs on the clock's thread when an arm is due.
         *
         * @param arm the number {@link Timer#arm} returned for the arm that is due
         */
        void fire(long arm);
    }
}
