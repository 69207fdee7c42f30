package org.otp4j.internal.sched;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.otp4j.internal.SuppressForbidden;
import org.otp4j.spi.Clock;

/**
 * The production clock: {@code System.nanoTime} and one platform timer thread per node, started on the
 * first timer and stopped by {@link #close()}.
 */
@SuppressForbidden
public final class SystemClock implements Clock {
    private final String nodeName;
    private ScheduledThreadPoolExecutor timer; // created on first use; guarded by this
    private boolean closed; // guarded by this
    private Thread worker; // the timer thread, joined on close; guarded by this

    /**
     * Creates the clock.
     *
     * @param nodeName names the timer thread
     */
    public SystemClock(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            if (closed) {
                throw new IllegalStateException("the clock of node '" + nodeName + "' is closed");
            }
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "otp4j-timer-" + nodeName);
                t.setDaemon(true);
                synchronized (this) {
                    worker = t;
                }
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        return timer;
    }

    @Override
    public Cancellable schedule(long deadlineNanos, Runnable action) {
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        ScheduledFuture<?> f = timer().schedule(action, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor t;
        synchronized (this) {
            closed = true;
            t = timer;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
                Thread w;
                synchronized (this) {
                    w = worker;
                }
                if (w != null) {
                    w.join(TimeUnit.SECONDS.toMillis(10)); // terminated executors may still be unwinding
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
