package org.otp4j.internal.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.otp4j.internal.SuppressForbidden;
import org.otp4j.spi.Clock;
import org.otp4j.spi.Scheduler;
import org.otp4j.spi.SchedulingPoint;
import org.otp4j.spi.Strand;

/**
 * A scheduler that runs exactly one strand at a time and makes every scheduling point and every
 * signal delivery a choice, with virtual time: the engine half of the testkit's deterministic runtime.
 *
 * <p>Strands still run on their own (virtual) threads, because a direct-style process body can only be
 * suspended by parking its thread, but a token decides which one may run: the host thread that waits in
 * {@link #awaitHost} is the controller; it picks the next event (run a strand to its next scheduling
 * point, or deliver the oldest signal of one sender-receiver channel), hands the token over and waits
 * for it to come back. Sending and delivery are separate events, so signals from different senders can
 * arrive in either order (S2), while each channel stays FIFO (S1). When nothing can run, virtual time
 * jumps to the next timer or receive deadline; when nothing can run and nothing is pending, the run is
 * a deadlock and {@link #awaitHost} throws {@link DeadlockException}.
 *
 * <p>Every choice comes from a {@link Strategy}, by default one seeded {@link Random}, so a run is a
 * function of the seed. Not thread-safe for host use: one host thread drives a node at a time.
 */
@SuppressForbidden
public final class ControlledScheduler implements Scheduler {
    /*
     * Overview. Control state (ready list, channels, per-strand records) is touched only by the thread
     * that holds the token: the controller between steps, or the one running strand during a step. The
     * token moves through volatile flags plus park/unpark, which gives each new holder a happens-before
     * edge from the last one, so the plain collections need no locks.
     */

    /** Picks one of {@code n} enabled events; must be a pure function of the seed and the history. */
    @FunctionalInterface
    public interface Strategy {
        /**
         * Chooses the next event.
         *
         * @param n the number of enabled events, at least 1
         * @return an index in {@code [0, n)}
         */
        int choose(int n);
    }

    /** Thrown from {@link #awaitHost} when every process is blocked and no timer is pending. */
    public static final class DeadlockException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DeadlockException(String message) {
            super(message);
        }
    }

    private static final int NEW = 0; // activation pending, no thread yet
    private static final int READY = 1; // thread parked at a scheduling point
    private static final int RUNNING = 2;
    private static final int BLOCKED = 3; // parked in receive until unpark or deadline
    private static final int DONE = 4; // activation over

    private static final class Control {
        final Strand strand;
        int status = DONE;
        Runnable activation; // for NEW
        Thread thread;
        boolean permit; // an unpark that came before the park
        long deadline = Long.MAX_VALUE; // for BLOCKED
        volatile boolean go; // the token was handed to this strand

        Control(Strand strand) {
            this.strand = strand;
        }
    }

    private record Channel(Strand from, Strand to) {}

    private final VirtualClock clock = new VirtualClock();
    private final Strategy strategy;
    private final long maxSteps;
    private final Map<Strand, Control> controls = new IdentityHashMap<>();
    private final List<Control> ready = new ArrayList<>(); // NEW or READY, in the order they became so
    private final LinkedHashMap<Channel, ArrayDeque<Runnable>> channels = new LinkedHashMap<>();
    private volatile Thread controller;
    private volatile boolean controllerGo;
    private long steps;

    /**
     * A scheduler whose choices come from {@code new Random(seed)}.
     *
     * @param seed the seed
     */
    public ControlledScheduler(long seed) {
        this(new Random(seed)::nextInt, 10_000_000L);
    }

    /**
     * A scheduler with a custom strategy.
     *
     * @param strategy picks among enabled events
     * @param maxSteps the most events one {@link #awaitHost} may run before it fails (livelock guard)
     */
    public ControlledScheduler(Strategy strategy, long maxSteps) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    /** {@return the virtual clock to give the node together with this scheduler} */
    public Clock clock() {
        return clock;
    }

    /** {@return events run so far} */
    public long steps() {
        return steps;
    }

    @Override
    public void attach(Clock clock) {
        if (clock != this.clock) {
            throw new IllegalArgumentException(
                    "a ControlledScheduler needs its own virtual clock: build the node with .clock(scheduler.clock())");
        }
    }

    @Override
    public boolean deliversAtSend() {
        return false;
    }

    private Control control(Strand s) {
        return controls.computeIfAbsent(s, Control::new);
    }

    @Override
    public void activate(Strand strand, Runnable activation) {
        Control c = control(strand);
        c.status = NEW;
        c.activation = activation;
        c.permit = false;
        ready.add(c);
    }

    @Override
    public void transmit(Strand from, Strand to, Runnable delivery) {
        channels.computeIfAbsent(new Channel(from, to), k -> new ArrayDeque<>()).add(delivery);
    }

    @Override
    public void transmitInOrder(Strand from, Strand to, Runnable delivery) {
        ArrayDeque<Runnable> inFlight = channels.get(new Channel(from, to));
        if (inFlight == null) {
            delivery.run();
        } else {
            inFlight.add(delivery);
        }
    }

    @Override
    public void point(Strand current, SchedulingPoint point) {
        if (point == SchedulingPoint.START) {
            return; // the strand was just chosen; yielding again would only add an empty step
        }
        Control c = control(current);
        c.status = READY;
        ready.add(c);
        yieldToken(c, true);
    }

    @Override
    public void park(Strand current, long deadlineNanos) {
        Control c = control(current);
        if (c.permit) {
            c.permit = false;
            return;
        }
        c.status = BLOCKED;
        c.deadline = deadlineNanos;
        yieldToken(c, true);
    }

    @Override
    public void unpark(Strand strand) {
        Control c = control(strand);
        if (c.status == BLOCKED) {
            c.status = READY;
            c.deadline = Long.MAX_VALUE;
            ready.add(c);
        } else {
            c.permit = true;
        }
    }

    @Override
    public void interrupt(Strand strand) {
        // Nothing to interrupt: under control a strand blocks only in the engine, which sees the kill.
    }

    /** Hands the token back to the controller; waits for it to return unless the strand is finishing. */
    private void yieldToken(Control c, boolean wait) {
        Thread ctl = controller;
        if (ctl == null) {
            throw new IllegalStateException(
                    "process " + c.strand.pid() + " ran while no host thread drives the deterministic scheduler");
        }
        controllerGo = true;
        LockSupport.unpark(ctl);
        if (wait) {
            while (!c.go) {
                LockSupport.park(this);
            }
            c.go = false;
            c.status = RUNNING;
        }
    }

    @Override
    public void awaitHost(CompletableFuture<?> done, long timeoutNanos) throws TimeoutException {
        if (controller != null) {
            throw new IllegalStateException("the deterministic scheduler is already driven by " + controller);
        }
        controller = Thread.currentThread();
        try {
            long start = clock.nanoTime();
            long limit = timeoutNanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE : start + timeoutNanos;
            long budget = maxSteps;
            while (!done.isDone()) {
                if (budget-- <= 0) {
                    throw new IllegalStateException("no progress after " + maxSteps + " scheduling steps (livelock?)");
                }
                step(limit);
            }
        } finally {
            controller = null;
        }
    }

    /** Runs one event, or moves time; throws if the host's deadline comes first or nothing can happen. */
    private void step(long limit) throws TimeoutException {
        int nReady = ready.size();
        int n = nReady + channels.size();
        if (n == 0) {
            advanceTime(limit);
            return;
        }
        steps++;
        int pick = strategy.choose(n);
        if (pick < 0 || pick >= n) {
            throw new IllegalStateException("strategy chose " + pick + " of " + n + " events");
        }
        if (pick < nReady) {
            run(ready.remove(pick));
        } else {
            Iterator<Map.Entry<Channel, ArrayDeque<Runnable>>> it =
                    channels.entrySet().iterator();
            Map.Entry<Channel, ArrayDeque<Runnable>> e = it.next();
            for (int i = nReady; i < pick; i++) {
                e = it.next();
            }
            Runnable delivery = e.getValue().poll();
            if (e.getValue().isEmpty()) {
                it.remove();
            }
            delivery.run();
        }
    }

    private void advanceTime(long limit) throws TimeoutException {
        long next = clock.nextDeadline();
        for (Control c : controls.values()) {
            if (c.status == BLOCKED && c.deadline < next) {
                next = c.deadline;
            }
        }
        if (next == Long.MAX_VALUE && limit == Long.MAX_VALUE) {
            throw new DeadlockException(deadlockReport());
        }
        if (next > limit) {
            clock.advanceTo(limit);
            throw new TimeoutException(
                    next == Long.MAX_VALUE ? deadlockReport() : "virtual time reached the host's deadline");
        }
        steps++;
        for (Runnable action : clock.advanceTo(next)) {
            action.run();
        }
        long now = clock.nanoTime();
        for (Control c : sortedControls()) {
            if (c.status == BLOCKED && c.deadline <= now) {
                c.status = READY;
                c.deadline = Long.MAX_VALUE;
                ready.add(c);
            }
        }
    }

    /** Controls in pid order, so that wake-ups at equal deadlines are queued deterministically. */
    private List<Control> sortedControls() {
        List<Control> all = new ArrayList<>(controls.values());
        all.sort((a, b) -> a.strand.pid().compareTo(b.strand.pid()));
        return all;
    }

    private String deadlockReport() {
        StringBuilder sb = new StringBuilder("deadlock: every process is blocked and no timer is pending");
        for (Control c : sortedControls()) {
            if (c.status == BLOCKED) {
                sb.append("\n  ").append(c.strand.pid()).append(" is waiting in receive");
            }
        }
        return sb.toString();
    }

    private void run(Control c) {
        controllerGo = false;
        if (c.status == NEW) {
            Runnable activation = c.activation;
            c.activation = null;
            c.status = RUNNING;
            c.thread = Thread.ofVirtual().unstarted(() -> {
                try {
                    activation.run();
                } finally {
                    c.status = DONE;
                    c.thread = null;
                    yieldToken(c, false);
                }
            });
            c.thread.start();
        } else {
            c.go = true;
            LockSupport.unpark(c.thread);
        }
        while (!controllerGo) {
            LockSupport.park(this);
        }
    }

    @Override
    public void close() {
        controls.clear();
        ready.clear();
        channels.clear();
    }
}
