package org.otp4j.internal.sched;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.otp4j.internal.SuppressForbidden;
import org.otp4j.spi.Clock;
import org.otp4j.spi.Scheduler;
import org.otp4j.spi.SchedulingPoint;
import org.otp4j.spi.Strand;

/**
 * The production scheduler: a handler's activations run on the strand's own executor if it has one,
 * else on pooled virtual threads ({@link ActivationPool}); a direct-style body runs on a virtual thread
 * of its own. Signals are delivered at the moment they are sent, scheduling points cost nothing, and
 * timed parks wait on the clock's timer wheel.
 *
 * <p>The engine passes each strand as its own activation ({@code activate(cell, cell)}): a kill's
 * interrupt finds the victim's activation on a worker by that identity.
 */
@SuppressForbidden
public final class VirtualThreadScheduler implements Scheduler {
    /*
     * A receive that finds nothing polls the inbox briefly before it parks: in a request/response
     * exchange the answer often comes within a microsecond, and parking and unparking a virtual thread
     * costs more than that (LinkedTransferQueue spins for the same reason). Only with more than one
     * carrier thread: with one, a spinning virtual thread would keep its own sender from running.
     */
    private static final int SPINS = carriers() > 1 ? 256 : 0;

    private static int carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        try {
            return p == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private final ThreadFactory threads = Thread.ofVirtual().factory();
    private final AtomicInteger spinners = new AtomicInteger(); // strands spinning in park: 0 or 1
    private final ActivationPool pool = new ActivationPool(
            SPINS > 0, Thread.ofVirtual().name("otp4j-worker").factory());
    // Direct-style bodies' threads started and not yet finished, waited for on close (the pool waits for
    // its own workers). A counter: nothing needs the threads themselves.
    private final LongAdder live = new LongAdder();
    private Clock clock;

    /** Creates the scheduler. */
    public VirtualThreadScheduler() {}

    @Override
    public void attach(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean deliversAtSend() {
        return true;
    }

    @Override
    public void activate(Strand strand, Runnable activation) {
        Executor executor = strand.executor();
        if (executor != null) {
            try {
                executor.execute(activation);
                return;
            } catch (RejectedExecutionException e) {
                // a shut-down or saturated executor must not wedge the process: fall back
            }
        }
        if (strand.isHandler()) {
            pool.submit(activation);
            return;
        }
        live.increment();
        Thread t = threads.newThread(() -> {
            // Fenced from the start: a kill's interrupt aimed at this body must never land in another
            // process's activation that it runs (handOff), not even the first one.
            pool.enroll(Thread.currentThread(), strand);
            try {
                activation.run();
            } finally {
                pool.forget(Thread.currentThread());
                live.decrement();
            }
        });
        t.start();
    }

    /**
     * Runs the target's activation on the calling thread when that thread is one the scheduler runs
     * processes on (a body's own or a pool worker), so a call to an idle server costs no thread switch;
     * otherwise (either side on an executor of its own) activates it as usual.
     */
    @Override
    public void handOff(Strand current, Strand target, Runnable activation) {
        if (target.executor() != null || current.executor() != null) {
            activate(target, activation);
            return;
        }
        pool.runHere(current, activation);
    }

    @Override
    public void transmit(Strand from, Strand to, Runnable delivery) {
        delivery.run();
    }

    @Override
    public void transmitInOrder(Strand from, Strand to, Runnable delivery) {
        delivery.run();
    }

    @Override
    public void point(Strand current, SchedulingPoint point) {}

    @Override
    public void park(Strand current, long deadlineNanos) {
        // One spinner at a time: with many waiting strands (a thousand clients calling one server),
        // spinning ones would take the carriers from the server that is to answer them all.
        if (SPINS > 0 && spinners.get() == 0 && spinners.compareAndSet(0, 1)) {
            try {
                for (int i = 0; i < SPINS; i++) {
                    if (current.hasPendingSignals()) {
                        return;
                    }
                    Thread.onSpinWait();
                }
            } finally {
                spinners.set(0);
            }
        }
        if (deadlineNanos == Long.MAX_VALUE) {
            LockSupport.park(current);
        } else { // the engine has just found the deadline ahead (the clock copes if it passed since)
            // The clock's timer rather than a timed park: nearly every timed park (a call's timeout) is
            // woken long before its deadline, and the clock's wheel sets and cancels a timer for less
            // than the JDK's timed park of a virtual thread, which wakes a timer thread each time.
            Thread me = Thread.currentThread();
            Clock.Cancellable wake;
            try {
                wake = clock.schedule(deadlineNanos, () -> LockSupport.unpark(me));
            } catch (IllegalStateException closed) { // the node is closing: its clock has stopped
                LockSupport.parkNanos(current, deadlineNanos - clock.nanoTime());
                Thread.interrupted();
                return;
            }
            LockSupport.park(current);
            wake.cancel();
        }
        // A kill interrupts its victim; the engine acts on the kill signal itself, so the flag would
        // only make every later park return at once.
        Thread.interrupted();
    }

    @Override
    public void unpark(Strand strand) {
        Thread t = strand.thread();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void interrupt(Strand strand) {
        Thread t = strand.thread();
        try {
            if (t != null && strand.executor() == null && !pool.interruptIfRunning(t, strand)) {
                t.interrupt();
            }
        } catch (RuntimeException | Error e) {
            // Interrupting may close the channel the victim is blocked in, and that close may throw; the
            // kill stands regardless (the victim acts on the signal), so the killer must not fail for it.
            Thread me = Thread.currentThread();
            me.getUncaughtExceptionHandler().uncaughtException(me, e);
        }
    }

    @Override
    public void awaitHost(CompletableFuture<?> done, long timeoutNanos) throws TimeoutException, InterruptedException {
        try {
            if (timeoutNanos >= Long.MAX_VALUE / 4) {
                done.get();
            } else {
                done.get(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            // the wait is over either way; the caller reads the outcome
        }
    }

    @Override
    public void close() {
        // Every process has ended, so no activation starts any more; those still running are finishing
        // the tail of their terminate. Wait for them, briefly.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        pool.close(java.time.Duration.ofSeconds(10));
        while (live.sum() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
