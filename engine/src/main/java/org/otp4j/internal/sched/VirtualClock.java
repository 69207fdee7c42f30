package org.otp4j.internal.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.otp4j.spi.Clock;

/**
 * Virtual time for {@link ControlledScheduler}: stands still until the scheduler moves it to the next
 * timer. Not thread-safe: only the strand or controller that holds the scheduler's token touches it.
 */
public final class VirtualClock implements Clock {
    /** Where virtual time starts; far from zero so that deadlines in the past stay positive. */
    public static final long EPOCH = 1_000_000_000_000L;

    private long now = EPOCH;
    private long seq; // orders timers with equal deadlines by creation
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    private static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Timer(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Creates a clock at {@link #EPOCH}. */
    public VirtualClock() {}

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(long deadlineNanos, Runnable action) {
        Timer t = new Timer(deadlineNanos, seq++, action);
        timers.add(t);
        return () -> {
            if (!t.cancelled) {
                t.cancelled = true;
                timers.remove(t);
            }
        };
    }

    /** The earliest pending timer's deadline, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        Timer t = timers.peek();
        return t == null ? Long.MAX_VALUE : t.deadline;
    }

    /** Whether a timer is pending. */
    boolean hasTimers() {
        return !timers.isEmpty();
    }

    /** Moves time forward (never back) and returns the actions of the timers now due, in order. */
    List<Runnable> advanceTo(long time) {
        if (time > now) {
            now = time;
        }
        List<Runnable> due = new ArrayList<>();
        while (!timers.isEmpty() && timers.peek().deadline <= now) {
            Timer t = timers.poll();
            t.cancelled = true;
            due.add(t.action);
        }
        return due;
    }

    @Override
    public void close() {
        timers.clear();
    }
}
