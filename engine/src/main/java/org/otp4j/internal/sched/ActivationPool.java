package org.otp4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.otp4j.internal.SuppressForbidden;

/**
 * Runs handler activations on long-lived virtual threads ("workers") that take them from one shared
 * queue, instead of starting a virtual thread per activation.
 *
 * <p>Why. Starting, mounting and ending a virtual thread costs more than a short handler activation
 * itself: in a ping-pong between two handlers it was most of the round trip. A worker that finishes an
 * activation takes the next one from the queue without leaving its carrier, as a Pekko dispatcher
 * thread does, and since workers are virtual threads, a handler may still block anywhere (a call, a
 * receive, a sleep, I/O): the worker parks and its carrier runs other workers.
 *
 * <p>How many workers. A submission that finds no worker looking for work wakes an idle worker, or
 * starts one if none is idle; a worker that finds work while more is queued does the same, so queued
 * work spreads over the carriers and never waits behind a worker blocked in its handler. A worker that
 * finds the queue empty spins briefly (only with more than one carrier: waking an idle vCPU costs tens
 * of microseconds) and then parks, unless {@value #MAX_IDLE} workers are idle already, in which case it ends (so a
 * burst of blocked handlers leaves no crowd of idle threads behind). Every {@value #YIELD_EVERY} activations a
 * busy worker yields its carrier, so other virtual threads (direct-style processes, the host's) are not
 * starved by a stream of short activations. This is the spinning-thread scheme of Go's scheduler, on top
 * of the JDK's.
 *
 * <p>Interrupts. A kill interrupts the thread of a process blocked in code the engine does not own. A
 * worker runs many processes one after another, so the interrupt is delivered only while the worker is
 * still running the victim's activation (a compare-and-set on {@code Runner.current} fences the switch
 * to the next activation) and any interrupt left over is cleared before the next one starts.
 */
@SuppressForbidden
final class ActivationPool {
    static final int YIELD_EVERY = 128;
    private static final int MAX_IDLE = 16; // more idle workers than this end instead of parking
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final Object INTERRUPTING = new Object();
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(Runner.class, "current", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final boolean spin;
    private final ThreadFactory threads;
    private final AtomicInteger searching = new AtomicInteger(); // workers spinning, woken or yielding
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // parked workers, newest first; guarded by lock
    // Threads that run activations and are fenced against stray interrupts: live workers, and direct-style
    // bodies' threads (enrolled when they start, see enroll), by thread.
    private final Map<Thread, Runner> runners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates a pool with no workers yet.
     *
     * @param spin whether an idle worker spins before it parks (only with more than one carrier)
     * @param threads makes the workers' virtual threads
     */
    ActivationPool(boolean spin, ThreadFactory threads) {
        this.spin = spin;
        this.threads = threads;
    }

    /** Queues an activation; some worker runs it. */
    void submit(Runnable activation) {
        queue.offer(activation);
        if (searching.get() == 0) {
            signal();
        }
    }

    /** Gets a worker looking for work: wakes an idle one, or starts one. */
    private void signal() {
        Worker w;
        lock.lock();
        try {
            if (closed || searching.get() > 0) {
                return; // someone is already looking, and will see the queued work
            }
            searching.incrementAndGet(); // counted for the worker woken or started below
            w = idle.pollFirst();
            if (w != null) {
                w.parked = false;
            }
        } finally {
            lock.unlock();
        }
        if (w != null) {
            LockSupport.unpark(w.thread);
        } else {
            Worker fresh = new Worker();
            Thread t = null;
            try {
                t = threads.newThread(fresh);
                fresh.thread = t;
                runners.put(t, fresh);
                t.start();
            } catch (Throwable e) { // no thread (out of memory, say): it was counted as searching above
                if (t != null) {
                    runners.remove(t);
                }
                searching.decrementAndGet(); // else no later submission would signal; the work stays queued
                throw e;
            }
        }
    }

    /**
     * Interrupts {@code thread} if it is a worker running {@code activation}; a thread that is not a
     * worker is left alone (the caller interrupts it itself).
     *
     * @return true if the thread is a worker (whether or not it was interrupted)
     */
    boolean interruptIfRunning(Thread thread, Object activation) {
        Runner w = runners.get(thread);
        if (w == null) {
            return false;
        }
        if (CURRENT.compareAndSet(w, activation, INTERRUPTING)) {
            try {
                thread.interrupt(); // may throw: it closes the channel the thread is blocked in
            } finally {
                CURRENT.setVolatile(w, activation); // else the worker waits for this forever
            }
        }
        return true;
    }

    /** Ends the workers once the queue is empty, waiting up to {@code timeout} for them. */
    void close(Duration timeout) {
        closed = true;
        lock.lock();
        try {
            for (Worker w : idle) {
                w.parked = false;
                LockSupport.unpark(w.thread);
            }
            idle.clear();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private java.util.List<Thread> workers() {
        java.util.List<Thread> ts = new ArrayList<>();
        runners.forEach((t, r) -> {
            if (r instanceof Worker) {
                ts.add(t);
            }
        });
        return ts;
    }

    /**
     * Runs {@code activation} (a handed-off one, see {@code Scheduler.handOff}) on the calling thread,
     * which is running {@code self}: the thread of a direct-style body, or a worker running {@code self}'s
     * activation. While it runs, a kill's interrupt reaches the thread only if it is aimed at {@code
     * activation} (not at {@code self}, which is waiting for it and acts on its signals afterwards), and
     * none aimed at {@code activation} outlives it, as for a worker's own activations.
     */
    void runHere(Object self, Runnable activation) {
        Runner r = runners.get(Thread.currentThread());
        if (r == null) { // not a thread of this scheduler's (never expected): no fence, so no hand-off
            submit(activation);
            return;
        }
        r.runAs(activation, self);
    }

    /**
     * Fences a direct-style body's thread, which runs {@code self}, before the body starts: from then on
     * a kill's interrupt reaches the thread only while it runs {@code self} itself.
     */
    void enroll(Thread thread, Object self) {
        Runner r = new Runner();
        r.current = self;
        runners.put(thread, r);
    }

    /** Stops fencing a body's thread that has ended. */
    void forget(Thread thread) {
        runners.remove(thread);
    }

    /** A thread that runs activations one after another, and whose interrupts are fenced by them. */
    @SuppressForbidden
    private static class Runner {
        volatile Object current; // the activation running, INTERRUPTING while a kill interrupts it

        /** Switches {@code current} from {@code from} to {@code to}, waiting out an interrupter. */
        final void switchTo(Object from, Object to) {
            for (int spins = 0; !CURRENT.compareAndSet(this, from, to); spins++) {
                // A kill is interrupting the activation: let it finish. An interrupter on a platform
                // thread may be descheduled mid-way, so after a while give up the carrier too.
                if (spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        /**
         * Runs {@code a} in place of {@code self} (which is running, or null for a worker between
         * activations), then returns to {@code self}.
         */
        final void runAs(Runnable a, Object self) {
            switchTo(self, a);
            Thread.interrupted(); // meant for self, which acts on its signals once a is over (or left over)
            try {
                a.run();
            } catch (Throwable t) { // the engine's activations catch everything; a bug must not kill the thread
                Thread me = Thread.currentThread();
                me.getUncaughtExceptionHandler().uncaughtException(me, t);
            } finally {
                switchTo(a, self);
                Thread.interrupted(); // an interrupt meant for a must not reach self
            }
        }
    }

    /** One worker: takes activations from the queue until enough others are idle or the pool closes. */
    @SuppressForbidden
    private final class Worker extends Runner implements Runnable {
        Thread thread;
        boolean parked; // in the idle list; guarded by lock

        @Override
        public void run() {
            try {
                work();
            } finally {
                runners.remove(thread);
            }
        }

        private void work() {
            boolean looking = true; // counted in searching: started or woken by signal()
            int sinceYield = 0;
            while (true) {
                Runnable a = queue.poll();
                if (a == null && looking && spin && searching.get() == 1) { // one spinner is enough
                    a = spinPoll();
                }
                if (a != null) {
                    if (looking) {
                        looking = false;
                        if (searching.decrementAndGet() == 0 && !queue.isEmpty()) {
                            signal(); // more is queued: get another worker looking, so it spreads
                        }
                    }
                    runOne(a);
                    if (++sinceYield >= YIELD_EVERY) {
                        sinceYield = 0;
                        searching.incrementAndGet(); // coming back to look, as good as a searcher
                        looking = true;
                        Thread.yield();
                    }
                    continue;
                }
                if (!looking) {
                    searching.incrementAndGet();
                    looking = true;
                    continue; // look once more as a counted searcher, so no submission is missed
                }
                // Stop looking, then look again: a submission either saw this worker looking or is
                // visible to the re-check below (both sides use sequentially consistent operations).
                searching.decrementAndGet();
                looking = false;
                if (!queue.isEmpty()) {
                    continue;
                }
                if (!parkIdle()) {
                    return;
                }
                looking = true; // signal() counted this worker when it woke it
                sinceYield = 0;
            }
        }

        private Runnable spinPoll() {
            long start = System.nanoTime();
            for (int i = 1; ; i++) {
                Runnable a = queue.poll();
                if (a != null) {
                    return a;
                }
                if ((i & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    return null;
                }
                Thread.onSpinWait();
            }
        }

        private void runOne(Runnable a) {
            runAs(a, null); // between activations a worker runs nothing: null
        }

        /** Parks in the idle list until signal() wakes it; false if it should end instead. */
        private boolean parkIdle() {
            lock.lock();
            try {
                if (closed || idle.size() >= MAX_IDLE) {
                    return false;
                }
                parked = true;
                idle.addFirst(this);
            } finally {
                lock.unlock();
            }
            while (true) {
                // Untimed: a timed park of a virtual thread costs a timer set and cancelled on every
                // wake-up, which for a worker that idles between two calls' requests is most of them.
                LockSupport.park(this);
                Thread.interrupted();
                lock.lock();
                try {
                    if (!parked) {
                        return !closed || !queue.isEmpty();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
