package org.otp4j.internal.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.internal.SuppressForbidden;
import org.otp4j.spi.Clock;
import org.otp4j.spi.Scheduler;
import org.otp4j.spi.SchedulingPoint;
import org.otp4j.spi.Strand;

/**
 * A scheduler that runs exactly one strand at a time and makes every scheduling point and every
 * signal delivery a choice, with virtual time: the engine half of the testkit's deterministic runtime.
 *
 * <p>Strands still run on their own virtual threads, because a direct-style process body can only be
 * suspended by parking its thread, but a token decides which one may run. Whoever holds the token runs
 * the scheduling loop: it asks the {@link Strategy} for the next event among the enabled ones (run a
 * strand to its next scheduling point, or deliver the oldest signal of one sender-receiver channel),
 * runs deliveries and clock moves itself, keeps running if it picked itself, and otherwise hands the
 * token straight to the chosen strand. The host thread that waits in {@link #awaitHost} holds the token
 * only at the start and end of its wait. Sending and delivery are separate events, so signals from
 * different senders arrive in either order (S2), while each channel stays FIFO (S1). When nothing is
 * enabled, virtual time jumps to the next timer or receive deadline; when nothing is pending either, the
 * run is a deadlock.
 *
 * <p>A run is a function of the strategy's choices. With {@link #ControlledScheduler(long)} they come
 * from one seeded {@link Random}. The testkit supplies its own strategies (PCT, POS, replay) and an
 * {@link Observer} that records the run.
 *
 * <p>Not thread-safe for host use: one host thread drives a node at a time. Processes may block only in
 * the engine; a strand that holds the token for longer than the stall limit (a sleep, a lock, I/O)
 * aborts the run with its stack in the message.
 */
@SuppressForbidden
public final class ControlledScheduler implements Scheduler {
    /*
     * Overview. Control state (ready list, channels, per-strand records, the clock) is touched only by
     * the thread that holds the token. The token moves through volatile flags plus park/unpark, which
     * gives each new holder a happens-before edge from the last one, so plain collections need no locks.
     * A thread waiting for the token parks on its own flag: a strand on Control.go, the host on hostGo.
     */

    /** An enabled event, as a strategy sees it. */
    public interface Choice {
        /** {@return true for a signal delivery, false for running a strand} */
        boolean isDelivery();

        /** {@return the strand to run, or the sender of the delivery (null for the host or a timer)} */
        Pid actor();

        /** {@return the strand to run, or the receiver of the delivery} */
        Pid target();

        /** {@return what the event would do, for traces} */
        String describe();
    }

    /** Picks the next event; must be a pure function of its seed and of the history of choices. */
    @FunctionalInterface
    public interface Strategy {
        /**
         * Chooses the next event.
         *
         * @param enabled the enabled events, at least one, in a deterministic order (strands in the order
         *     they became ready, then channels in the order they were opened); the same objects stand for
         *     the same strand or channel from step to step
         * @return an index into {@code enabled}
         */
        int choose(List<Choice> enabled);
    }

    /** Kinds of traced events. */
    public enum EventKind {
        /** A strand ran until its next scheduling point. */
        RUN,
        /** A signal was delivered. */
        DELIVER,
        /** Virtual time moved forward. */
        TIME,
        /** A process was spawned (its first activation was scheduled). */
        SPAWN,
        /** A process terminated. */
        EXIT
    }

    /**
     * One traced event.
     *
     * @param step the scheduling step it belongs to
     * @param kind what happened
     * @param actor the strand that ran, the sender, the spawned or the terminated process (null for the
     *     host or a timer)
     * @param target the receiver of a delivery, else null
     * @param detail the signal, the exit reason, or the new time
     * @param raced for a delivery: another sender's signal to the same receiver was waiting too, so the
     *     strategy decided their order
     * @param time virtual time, nanoseconds since the clock's epoch
     */
    public record Event(long step, EventKind kind, Pid actor, Pid target, String detail, boolean raced, long time) {}

    /** Receives every traced event, on the thread holding the token. */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called once per event, in order.
         *
         * @param event the event
         */
        void event(Event event);
    }

    /** Thrown from {@link #awaitHost} when every process is blocked and nothing is pending. */
    public static final class DeadlockException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DeadlockException(String message) {
            super(message);
        }
    }

    /** Thrown from {@link #awaitHost} when the run breaks a rule the scheduler enforces. */
    public static final class AbortedRunException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        AbortedRunException(String message) {
            super(message);
        }
    }

    /** Unwinds a strand of a run that was aborted; never caught by the engine's users. */
    private static final class Abort extends Error {
        private static final long serialVersionUID = 1L;

        Abort() {
            super("run aborted", null, false, false);
        }
    }

    private static final int NEW = 0; // activation pending, no thread yet
    private static final int READY = 1; // thread parked at a scheduling point
    private static final int RUNNING = 2;
    private static final int BLOCKED = 3; // parked in receive until unpark or deadline
    private static final int DONE = 4; // activation over

    private final class Control implements Choice {
        final Strand strand;
        int status = DONE;
        Runnable activation; // for NEW
        Thread thread;
        boolean permit; // an unpark that came before the park
        boolean spawned; // its first activation has been scheduled
        long deadline = Long.MAX_VALUE; // for BLOCKED
        volatile boolean go; // the token was handed to this strand

        Control(Strand strand) {
            this.strand = strand;
        }

        @Override
        public boolean isDelivery() {
            return false;
        }

        @Override
        public Pid actor() {
            return strand.pid();
        }

        @Override
        public Pid target() {
            return strand.pid();
        }

        @Override
        public String describe() {
            return "run " + strand.pid();
        }
    }

    private record ChannelKey(Strand from, Strand to) {}

    private static final class Channel implements Choice {
        final Strand from;
        final Strand to;
        final ArrayDeque<Runnable> inFlight = new ArrayDeque<>();

        Channel(Strand from, Strand to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean isDelivery() {
            return true;
        }

        @Override
        public Pid actor() {
            return from == null ? null : from.pid();
        }

        @Override
        public Pid target() {
            return to.pid();
        }

        @Override
        public String describe() {
            return "deliver " + inFlight.peek() + " to " + to.pid();
        }
    }

    /**
     * A choice that moves the clock rather than a strand: firing the timers already due (enabled while
     * any is; like a delivery, the canonical run takes it at once), or jumping to the next timer while
     * other events are enabled (time races; never canonical).
     *
     * @param isDelivery whether the canonical run prefers it
     * @param describe what it does
     */
    private record ClockChoice(boolean isDelivery, String describe) implements Choice {
        @Override
        public Pid actor() {
            return null;
        }

        @Override
        public Pid target() {
            return null;
        }
    }

    private final ClockChoice dueTimers = new ClockChoice(true, "fire due timers");
    private final ClockChoice timeJump = new ClockChoice(false, "jump to the next timer");
    private boolean timeRaces; // a pending timer may fire before enabled events run
    private final VirtualClock clock = new VirtualClock();
    private final Strategy strategy;
    private final long maxSteps;
    private final long stallNanos;
    private Observer observer;
    private final Map<Strand, Control> controls = new IdentityHashMap<>();
    private final List<Control> ready = new ArrayList<>(); // NEW or READY, in the order they became so
    private final LinkedHashMap<ChannelKey, Channel> channels = new LinkedHashMap<>();
    private final List<Choice> enabled = new ArrayList<>(); // scratch, rebuilt per step
    private long steps;

    // The host's wait; set by awaitHost, read by whoever holds the token.
    private volatile Thread host;
    private volatile boolean hostGo;
    private CompletableFuture<?> hostDone;
    private long hostLimit; // virtual-time deadline of the host's wait
    private long stepBudget; // steps left in this wait
    private RuntimeException verdict; // why the wait ends abnormally
    private boolean timedOut; // the wait ends because virtual time reached hostLimit
    private String timeoutDetail;
    private boolean stopWhenIdle; // runUntilIdle: the wait ends when nothing is enabled
    private boolean idle; // ... and that happened
    private volatile Thread holder; // the thread holding the token, for stall reports
    private volatile boolean aborted; // a stall aborted the run: strands unwind
    private volatile Thread lastHost; // the host of the latest wait; after an abort only it may call

    /**
     * A scheduler whose choices come from {@code new Random(seed)}.
     *
     * @param seed the seed
     */
    public ControlledScheduler(long seed) {
        this(randomWalk(seed), 10_000_000L, TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * A scheduler with a custom strategy.
     *
     * @param strategy picks among enabled events
     * @param maxSteps the most events one {@link #awaitHost} may run before it fails (livelock guard)
     * @param stallNanos how long, in real time, one strand may hold the token before the run is aborted
     *     as blocked outside the engine
     */
    public ControlledScheduler(Strategy strategy, long maxSteps, long stallNanos) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        if (stallNanos <= 0) {
            throw new IllegalArgumentException("stallNanos must be positive, got " + stallNanos);
        }
        this.maxSteps = maxSteps;
        this.stallNanos = stallNanos;
    }

    /**
     * The uniform random strategy.
     *
     * @param seed its seed
     * @return a strategy picking each enabled event with equal probability
     */
    public static Strategy randomWalk(long seed) {
        Random random = new Random(seed);
        return enabled -> random.nextInt(enabled.size());
    }

    /**
     * Lets pending timers race with enabled events: when set, "move virtual time to the next timer" is
     * one more choice whenever a timer or receive deadline is pending, so a timeout can fire before a
     * reply that is already on its way, as under real load. Off by default: time then moves only when
     * nothing else can run, as if processes were infinitely fast.
     *
     * @param on whether timers race
     */
    public void timeRaces(boolean on) {
        this.timeRaces = on;
    }

    /** {@return the virtual clock to give the node together with this scheduler} */
    public Clock clock() {
        return clock;
    }

    /** {@return the events run so far} */
    public long steps() {
        return steps;
    }

    /**
     * Sets the observer that receives every traced event (null for none).
     *
     * @param observer the observer
     */
    public void observe(Observer observer) {
        this.observer = observer;
    }

    private void trace(EventKind kind, Pid actor, Pid target, String detail, boolean raced) {
        Observer o = observer;
        if (o != null) {
            o.event(new Event(steps, kind, actor, target, detail, raced, clock.nanoTime() - VirtualClock.EPOCH));
        }
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

    private void checkCaller() {
        Thread t = Thread.currentThread();
        if (aborted && t != lastHost) {
            throw new Abort(); // a strand of an aborted run, unblocked late: it only unwinds
        }
        if (t != holder && holder != null) {
            throw new AbortedRunException("thread " + t + " touched a node driven by the deterministic scheduler"
                    + " while " + holder + " holds it; only processes and the driving host thread may");
        }
    }

    @Override
    public void activate(Strand strand, Runnable activation) {
        checkCaller();
        Control c = control(strand);
        c.status = NEW;
        c.activation = activation;
        c.permit = false;
        ready.add(c);
        if (!c.spawned) {
            c.spawned = true;
            trace(EventKind.SPAWN, strand.pid(), null, null, false);
        }
    }

    @Override
    public void transmit(Strand from, Strand to, Runnable delivery) {
        checkCaller();
        channels.computeIfAbsent(new ChannelKey(from, to), k -> new Channel(from, to))
                .inFlight
                .add(delivery);
    }

    @Override
    public void transmitInOrder(Strand from, Strand to, Runnable delivery) {
        checkCaller();
        Channel ch = channels.get(new ChannelKey(from, to));
        if (ch == null) {
            trace(EventKind.DELIVER, from == null ? null : from.pid(), to.pid(), delivery.toString(), false);
            delivery.run();
        } else {
            ch.inFlight.add(delivery);
        }
    }

    @Override
    public void point(Strand current, SchedulingPoint point) {
        if (point == SchedulingPoint.START) {
            return; // the strand was just chosen; yielding again would only add an empty step
        }
        if (aborted) {
            throw new Abort();
        }
        Control c = control(current);
        c.status = READY;
        ready.add(c);
        schedule(c, false);
    }

    @Override
    public void park(Strand current, long deadlineNanos) {
        if (aborted) {
            throw new Abort();
        }
        Control c = control(current);
        if (c.permit) {
            c.permit = false;
            return;
        }
        c.status = BLOCKED;
        c.deadline = deadlineNanos;
        schedule(c, false);
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

    @Override
    public void terminated(Strand strand, ExitReason reason) {
        trace(EventKind.EXIT, strand.pid(), null, String.valueOf(reason), false);
    }

    // ---- the scheduling loop --------------------------------------------------------------------

    /**
     * Runs the loop as the token holder {@code self} (null: the host) until {@code self} is chosen
     * again, or, for the host, until its wait is over. A finishing strand hands the token on and
     * returns at once.
     */
    private void schedule(Control self, boolean finishing) {
        while (true) {
            if (hostDone == null || hostDone.isDone() || verdict != null || timedOut || idle) {
                if (self == null) {
                    return; // the host's wait is over
                }
                handToHost();
                if (!finishing) {
                    awaitToken(self);
                }
                return;
            }
            Control next;
            try {
                next = pick();
            } catch (RuntimeException e) {
                verdict = e; // a delivery, a timer action or the observer failed: end the wait with it
                next = null;
            }
            if (next == null) {
                continue; // a delivery or a clock move ran; choose again
            }
            if (next == self && !finishing) {
                self.status = RUNNING;
                return;
            }
            // (a finishing strand chosen again was re-activated by a delivery it ran: a new thread)
            handTo(next);
            if (finishing) {
                return;
            }
            if (self == null) {
                awaitHostToken();
            } else {
                awaitToken(self);
                return;
            }
        }
    }

    /** Chooses and runs one event; returns the strand to hand the token to, or null if it ran inline. */
    private Control pick() {
        if (stepBudget-- <= 0) {
            verdict = new AbortedRunException("no end after " + maxSteps + " scheduling steps (a livelock?)");
            return null;
        }
        enabled.clear();
        enabled.addAll(ready);
        enabled.addAll(channels.values());
        if (hasDueTimers()) {
            enabled.add(dueTimers);
        } else if (timeRaces && !enabled.isEmpty() && nextDeadline() < hostLimit) {
            enabled.add(timeJump);
        }
        if (enabled.isEmpty()) {
            if (stopWhenIdle) {
                idle = true;
            } else {
                advanceTime();
            }
            return null;
        }
        steps++;
        int i;
        try {
            i = strategy.choose(enabled);
        } catch (RuntimeException | Error e) {
            verdict = e instanceof RuntimeException r ? r : new AbortedRunException("the strategy failed: " + e);
            return null;
        }
        if (i < 0 || i >= enabled.size()) {
            verdict = new AbortedRunException("the strategy chose " + i + " of " + enabled.size() + " events");
            return null;
        }
        Choice choice = enabled.get(i);
        if (choice == dueTimers) {
            fireDue(clock.nanoTime());
            return null;
        }
        if (choice == timeJump) {
            long next = nextDeadline();
            trace(EventKind.TIME, null, null, String.valueOf(next - VirtualClock.EPOCH), false);
            fireDue(next);
            return null;
        }
        if (choice instanceof Control c) {
            ready.remove(c);
            trace(EventKind.RUN, c.strand.pid(), null, null, false);
            return c;
        }
        Channel ch = (Channel) choice;
        Runnable delivery = ch.inFlight.poll();
        if (ch.inFlight.isEmpty()) {
            channels.remove(new ChannelKey(ch.from, ch.to));
        }
        if (observer != null) {
            boolean raced = false;
            for (Channel other : channels.values()) {
                if (other != ch && other.to == ch.to) {
                    raced = true;
                    break;
                }
            }
            trace(EventKind.DELIVER, ch.actor(), ch.target(), delivery.toString(), raced);
        }
        delivery.run();
        return null;
    }

    private boolean hasDueTimers() {
        long now = clock.nanoTime();
        if (clock.nextDeadline() <= now) {
            return true;
        }
        for (Control c : controls.values()) {
            if (c.status == BLOCKED && c.deadline <= now) {
                return true;
            }
        }
        return false;
    }

    /** Runs the timer actions due at {@code now} and readies the strands whose receive deadline passed. */
    private void fireDue(long now) {
        for (Runnable action : clock.advanceTo(now)) {
            action.run();
        }
        for (Control c : sortedControls()) {
            if (c.status == BLOCKED && c.deadline <= now) {
                c.status = READY;
                c.deadline = Long.MAX_VALUE;
                ready.add(c);
            }
        }
    }

    /** The earliest pending timer or receive deadline, or {@link Long#MAX_VALUE}. */
    private long nextDeadline() {
        long next = clock.nextDeadline();
        for (Control c : controls.values()) {
            if (c.status == BLOCKED && c.deadline < next) {
                next = c.deadline;
            }
        }
        return next;
    }

    private void advanceTime() {
        long next = nextDeadline();
        if (next == Long.MAX_VALUE && hostLimit == Long.MAX_VALUE) {
            verdict = new DeadlockException(deadlockReport());
            return;
        }
        if (next > hostLimit) {
            clock.advanceTo(hostLimit);
            timedOut = true;
            timeoutDetail = next == Long.MAX_VALUE ? deadlockReport() : "virtual time reached the host's deadline";
            return;
        }
        steps++;
        trace(EventKind.TIME, null, null, String.valueOf(next - VirtualClock.EPOCH), false);
        fireDue(next);
    }

    /** Controls in pid order, so that wake-ups at equal deadlines are queued deterministically. */
    private List<Control> sortedControls() {
        List<Control> all = new ArrayList<>(controls.values());
        all.sort((a, b) -> a.strand.pid().compareTo(b.strand.pid()));
        return all;
    }

    private String deadlockReport() {
        StringBuilder sb = new StringBuilder("deadlock: every process is blocked and nothing is pending");
        for (Control c : sortedControls()) {
            if (c.status == BLOCKED) {
                sb.append("\n  ").append(c.strand.pid()).append(" waits in receive");
                if (c.deadline != Long.MAX_VALUE) {
                    sb.append(" with a deadline");
                }
            }
        }
        return sb.toString();
    }

    private void handTo(Control next) {
        if (next.status == NEW) {
            Runnable activation = next.activation;
            next.activation = null;
            next.status = RUNNING;
            Thread t = Thread.ofVirtual().unstarted(() -> runActivation(next, activation));
            next.thread = t;
            holder = t;
            t.start();
        } else {
            next.status = RUNNING;
            holder = next.thread;
            next.go = true;
            LockSupport.unpark(next.thread);
        }
    }

    private void runActivation(Control c, Runnable activation) {
        try {
            activation.run();
        } catch (Abort ignored) {
            // the run was aborted; this strand just ends
        } finally {
            if (c.status == RUNNING) {
                c.status = DONE;
            }
            c.thread = null;
            if (!aborted) {
                schedule(c, true);
            }
        }
    }

    private void handToHost() {
        holder = host;
        hostGo = true;
        LockSupport.unpark(host);
    }

    private void awaitToken(Control self) {
        while (!self.go) {
            LockSupport.park(this);
            if (aborted) {
                throw new Abort();
            }
        }
        self.go = false;
    }

    /** The host waits for the token to come back, watching for a strand stuck outside the engine. */
    private void awaitHostToken() {
        long seen = steps;
        long since = System.nanoTime();
        while (!hostGo) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(200));
            if (hostGo) {
                break;
            }
            if (steps != seen) {
                seen = steps;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > stallNanos) {
                abortStalled();
                return;
            }
        }
        hostGo = false;
        holder = host;
    }

    private void abortStalled() {
        Thread stuck = holder;
        StringBuilder sb = new StringBuilder("a process blocked outside the engine (a sleep, a lock, I/O)");
        for (Control c : controls.values()) {
            if (c.thread == stuck && stuck != null) {
                sb.append(": process ").append(c.strand.pid());
            }
        }
        sb.append(" held the deterministic scheduler for more than ")
                .append(TimeUnit.NANOSECONDS.toMillis(stallNanos))
                .append(" ms; under the testkit a process may block only in receive");
        if (stuck != null) {
            for (StackTraceElement e : stuck.getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
        }
        aborted = true;
        verdict = new AbortedRunException(sb.toString());
        holder = host;
        for (Control c : controls.values()) {
            if (c.thread != null) {
                c.thread.interrupt();
                LockSupport.unpark(c.thread);
            }
        }
    }

    /**
     * Runs the processes until no event is enabled (every process is blocked or idle); pending timers do
     * not fire and virtual time does not move.
     *
     * @throws TimeoutException if the run was aborted
     */
    public void runUntilIdle() throws TimeoutException {
        stopWhenIdle = true;
        try {
            awaitHost(new CompletableFuture<>(), Long.MAX_VALUE);
        } finally {
            stopWhenIdle = false;
            idle = false;
        }
    }

    /** {@return whether a timer or a receive deadline is pending} */
    public boolean hasPendingTimers() {
        if (clock.hasTimers()) {
            return true;
        }
        for (Control c : controls.values()) {
            if (c.status == BLOCKED && c.deadline != Long.MAX_VALUE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void awaitHost(CompletableFuture<?> done, long timeoutNanos) throws TimeoutException {
        if (host != null) {
            throw new IllegalStateException("the deterministic scheduler is already driven by " + host);
        }
        if (aborted) {
            // lets close() give up on the processes of a run that was aborted
            throw new TimeoutException("this run was aborted; build a new node");
        }
        host = Thread.currentThread();
        lastHost = host;
        holder = host;
        hostDone = done;
        hostLimit = timeoutNanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE : clock.nanoTime() + timeoutNanos;
        stepBudget = maxSteps;
        verdict = null;
        timedOut = false;
        idle = false;
        try {
            schedule(null, false);
            if (verdict != null) {
                throw verdict;
            }
            if (timedOut && !done.isDone()) {
                throw new TimeoutException(timeoutDetail);
            }
        } finally {
            host = null;
            holder = null;
            hostDone = null;
        }
    }

    @Override
    public void close() {
        controls.clear();
        ready.clear();
        channels.clear();
    }
}
