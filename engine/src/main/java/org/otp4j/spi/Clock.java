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

    /** Stops the clock's threads; pending timers never fire. */
    void close();

    /** Cancels a scheduled timer. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the timer if it has not run yet; idempotent. */
        void cancel();
    }
}
