package org.otp4j;

import java.time.Duration;

/**
 * A process's own keyed timers (Pekko's {@code TimerScheduler}): each key names at most one timer,
 * and a cancelled or replaced timer never delivers its message, even one already in the mailbox.
 *
 * <p>The message of a keyed timer is delivered as it is (not wrapped). Keyed timers belong to the
 * process that set them, are usable only from its own thread, and die with it.
 */
public interface KeyedTimers {
    /**
     * Starts (or replaces) the timer for {@code key}.
     *
     * @param key names the timer; a running timer with an equal key is cancelled first
     * @param message delivered to this process when the timer fires
     * @param delay non-negative time until it fires
     */
    void startSingleTimer(Object key, Object message, Duration delay);

    /**
     * Starts (or replaces) the timer for {@code key} with an absolute deadline on the node's monotonic
     * clock ({@link ProcessContext#monotonicTime()}).
     *
     * @param key names the timer
     * @param message delivered when the timer fires
     * @param deadlineNanos when it fires; a deadline in the past fires at once
     */
    void startSingleTimerAt(Object key, Object message, long deadlineNanos);

    /**
     * Cancels the timer for {@code key}; its message is never received, even if already queued.
     *
     * @param key the timer's key
     * @return true if a timer was running or its message was still queued
     */
    boolean cancel(Object key);

    /**
     * Whether a timer for {@code key} is running or its message is queued but not yet received.
     *
     * @param key the timer's key
     * @return true while the timer's message can still be received
     */
    boolean isActive(Object key);

    /** Cancels every keyed timer of this process. */
    void cancelAll();
}
