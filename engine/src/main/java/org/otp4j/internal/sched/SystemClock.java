package org.otp4j.internal.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.otp4j.internal.SuppressForbidden;
import org.otp4j.spi.Clock;

/**
 * The production clock: {@code System.nanoTime}, and timers on a hashed timing wheel swept by one
 * platform thread per node, started on the first timer and stopped by {@link #close()}.
 *
 * <p>Why a wheel. The engine sets a timer for nearly every call (its timeout), every state-machine
 * transition that carries a timeout, and every receive with a deadline, and cancels almost all of them
 * within microseconds. A heap-ordered timer queue ({@code ScheduledThreadPoolExecutor}, or the JDK's
 * own timed park of a virtual thread) costs a logarithmic update under one lock for each, and the JDK's
 * timed park also wakes its timer thread for each. On the wheel, setting a timer links it into the
 * list of its tick's slot under that slot's lock, and cancelling unlinks it; the sweeper wakes only when
 * the earliest occupied tick comes, or when a new timer is earlier than the wake it planned.
 *
 * <p>Re-armable timers ({@link #timer}). A process's keyed timers (a state machine's state timeout, a
 * server's idle timeout) are set again on nearly every event, far ahead and never due. Each is one
 * timer object for good: a re-arm to a later deadline only records the deadline and leaves the timer in
 * the slot it waits in (no slot lock, no reference written, nothing allocated; in B10 a relink among
 * other machines' timers in the old generation dirtied cards that G1 then refined); when the sweeper
 * reaches that slot it fires the current arm if due, or links the timer for the arm's tick.
 *
 * <p>Precision. A tick is {@value #TICK_SHIFT} bits of nanoseconds (about one millisecond, Erlang's
 * timer resolution). A timer fires at the first tick boundary at or after its deadline, never before;
 * timers that fire in the same sweep run in deadline order. The wheel has {@value #SLOTS} ticks (about
 * 1.1 s) of {@value #LANES} slots each; a timer further out waits in its slot, which the sweeper passes
 * once per turn.
 */
@SuppressForbidden
public final class SystemClock implements Clock {
    static final int TICK_SHIFT = 20; // 1,048,576 ns
    static final int SLOTS = 1024;
    // Each tick has this many slots, a setter picks one by its thread: timers set in the same
    // millisecond (a burst of state machines arming their timeouts) would otherwise contend for one lock.
    static final int LANES = 4;
    private static final long IDLE = Long.MAX_VALUE; // plannedWake while the sweeper waits for any timer
    private static final int LAZY_TICKS = 256; // an empty wheel's next look while timers are being set
    private static final long AWAKE = Long.MIN_VALUE; // plannedWake while the sweeper is sweeping

    private final String nodeName;
    private final long origin = System.nanoTime(); // tick 0 starts here
    private final Slot[] slots;
    private final int mask;
    private final ConcurrentLinkedQueue<Timer> dueNow = new ConcurrentLinkedQueue<>(); // past their tick
    private volatile long processedTick = -1; // the last tick swept; written under that tick's slot lock
    private volatile long plannedWake = AWAKE; // when the sweeper means to wake, in nanoTime; see above
    private volatile Thread sweeper; // started on the first timer
    private volatile boolean setSinceLastLook; // a timer was set since the sweeper last planned a wake
    private volatile boolean closed;

    /**
     * Creates the clock.
     *
     * @param nodeName names the timer thread
     */
    public SystemClock(String nodeName) {
        this(nodeName, SLOTS);
    }

    /** A clock with a wheel of {@code slotCount} ticks, a power of two (tests use small wheels). */
    SystemClock(String nodeName, int slotCount) {
        if (slotCount <= 0 || Integer.bitCount(slotCount) != 1) {
            throw new IllegalArgumentException("slotCount must be a power of two, was " + slotCount);
        }
        this.nodeName = nodeName;
        this.slots = new Slot[slotCount * LANES];
        this.mask = slotCount - 1;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long deadlineNanos, Runnable action) {
        sweeperFor();
        Timer timer = new Timer(action, null);
        // armed once, before any other thread can see it: no lock until place() publishes it
        timer.arms = 1;
        timer.pending = true;
        timer.deadline = deadlineNanos;
        timer.wantedTick = tickOf(deadlineNanos);
        place(timer);
        return timer;
    }

    /**
     * A timer that stays in the wheel when it is armed again for a later deadline: the re-arm only
     * records the new deadline, and the sweeper moves the timer on when it reaches the slot it waits in
     * (an earlier deadline moves it at once). Re-arming allocates nothing and writes no references.
     */
    @Override
    public Clock.Timer timer(ArmedAction action) {
        return new Timer(null, action);
    }

    /** Starts the sweeper if need be (or fails if the clock is closed); notes that a timer is being set. */
    private Thread sweeperFor() {
        Thread s = sweeper;
        if (s == null || closed) { // closed: startSweeper refuses
            s = startSweeper();
        }
        if (!setSinceLastLook) {
            setSinceLastLook = true;
        }
        return s;
    }

    /** The first tick whose start is at or after {@code deadlineNanos}. */
    private long tickOf(long deadlineNanos) {
        return Math.max(0, Math.ceilDiv(deadlineNanos - origin, 1L << TICK_SHIFT));
    }

    /**
     * Links {@code timer} into the slot of its wanted tick, or queues it to be looked at by the sweeper
     * if that tick is past. The caller holds the timer's lock and no slot's.
     */
    private void place(Timer timer) {
        long tick = timer.wantedTick;
        Slot slot = slots[firstSlotOf(tick) + (int) (Thread.currentThread().threadId() & (LANES - 1))];
        boolean passed;
        synchronized (slot) {
            passed = processedTick >= tick;
            timer.slot = slot;
            timer.tick = tick;
            timer.inWheel = true; // under the slot: a one-shot timer's guard
            if (!passed) {
                slot.link(timer);
            }
        }
        Thread s = sweeper;
        if (passed) { // the sweeper has gone past this tick: it fires the timer on its next round
            dueNow.add(timer);
            LockSupport.unpark(s);
        } else {
            if (origin + (tick << TICK_SHIFT) < plannedWake) {
                LockSupport.unpark(s); // earlier than the sweeper planned to wake (or it waits for any)
            }
        }
    }

    private synchronized Thread startSweeper() {
        if (closed) {
            throw new IllegalStateException("the clock of node '" + nodeName + "' is closed");
        }
        if (sweeper == null) {
            processedTick = tickAt(System.nanoTime()) - 1;
            Thread t = new Thread(this::sweep, "otp4j-timer-" + nodeName);
            t.setDaemon(true);
            sweeper = t;
            t.start();
        }
        return sweeper;
    }

    /** The index of the first of {@code tick}'s {@value #LANES} slots. */
    private int firstSlotOf(long tick) {
        return (int) (tick & mask) * LANES;
    }

    private long tickAt(long nanos) {
        return (nanos - origin) >> TICK_SHIFT;
    }

    private void sweep() {
        List<Timer> taken = new ArrayList<>();
        List<Due> fire = new ArrayList<>();
        while (!closed) {
            long nowTick = tickAt(System.nanoTime());
            long from = processedTick + 1;
            if (nowTick - from > mask) {
                from = nowTick - mask; // a long stall: every slot once, up to now
            }
            for (long t = from; t <= nowTick; t++) {
                int base = firstSlotOf(t);
                for (int lane = 0; lane < LANES; lane++) {
                    slots[base + lane].takeDue(t, this, taken);
                }
            }
            for (Timer t; (t = dueNow.poll()) != null; ) {
                taken.add(t);
            }
            for (Timer t : taken) {
                t.taken(nowTick, fire);
            }
            taken.clear();
            if (!fire.isEmpty()) {
                fire.sort(Comparator.comparingLong(
                        Due::deadline)); // stable: same deadline, list order (set order within a lane)
                for (Due d : fire) {
                    d.timer().fire(d.arm());
                }
                fire.clear();
                continue; // the actions took time: look again before sleeping
            }
            park(nowTick);
        }
    }

    /** Sleeps until the earliest occupied tick, a timer earlier than that, or close. */
    private void park(long nowTick) {
        long wakeTick = nextOccupied(nowTick);
        if (wakeTick == Long.MAX_VALUE && setSinceLastLook) {
            // An empty wheel while timers are being set: they are being cancelled soon after they are set
            // (call timeouts). Look again a little later rather than wait for the next timer, which would
            // have every timer set wake the sweeper.
            wakeTick = nowTick + LAZY_TICKS;
        }
        setSinceLastLook = false;
        plannedWake = wakeTick == Long.MAX_VALUE ? IDLE : origin + (wakeTick << TICK_SHIFT);
        // A timer set while the sweeper was sweeping saw AWAKE and did not unpark it: look again now that
        // plannedWake is published (the setter links, then reads plannedWake; this writes, then reads).
        long again = nextOccupied(nowTick);
        if (again < wakeTick || !dueNow.isEmpty()) {
            plannedWake = AWAKE;
            return;
        }
        if (wakeTick == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            long wait = origin + (wakeTick << TICK_SHIFT) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
        plannedWake = AWAKE;
    }

    /** The first tick after {@code nowTick} whose slot holds a timer, or MAX_VALUE if none does. */
    private long nextOccupied(long nowTick) {
        for (long t = nowTick + 1; t <= nowTick + mask + 1; t++) {
            int base = firstSlotOf(t);
            for (int lane = 0; lane < LANES; lane++) {
                if (slots[base + lane].count > 0) {
                    return t;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = sweeper;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An arm of a timer that was due when the sweeper looked at it: it fires only if still current. */
    private record Due(Timer timer, long arm, long deadline) {}

    /**
     * The timers whose tick maps to one slot: a doubly linked list in set order, guarded by the slot.
     * A timer is linked in at most one slot, the one its {@code slot} field names.
     */
    private static final class Slot {
        private Timer head;
        private Timer tail;
        volatile int count; // read without the lock by the sweeper's scan

        void link(Timer t) {
            t.prev = tail;
            if (tail == null) {
                head = t;
            } else {
                tail.next = t;
            }
            tail = t;
            t.linked = true;
            count++;
        }

        void unlink(Timer t) {
            if (t.prev == null) {
                head = t.next;
            } else {
                t.prev.next = t.next;
            }
            if (t.next == null) {
                tail = t.prev;
            } else {
                t.next.prev = t.prev;
            }
            t.prev = t.next = null;
            t.linked = false;
            count--;
        }

        /**
         * Moves the timers linked for {@code tick} or earlier into {@code out} and marks the tick swept.
         * Each is still in the wheel until the sweeper looks at it ({@link Timer#taken}).
         */
        synchronized void takeDue(long tick, SystemClock clock, List<Timer> out) {
            for (Timer t = head; t != null; ) {
                Timer next = t.next;
                if (t.tick <= tick) {
                    unlink(t);
                    out.add(t);
                }
                t = next;
            }
            clock.processedTick = tick;
        }
    }

    /**
     * One timer: a one-shot timer of {@link #schedule} (armed once) or a re-armable one of {@link
     * #timer}.
     *
     * <p>Locks: the timer's guard (its own monitor, or for a one-shot timer, which never moves, its slot's:
     * one lock fewer per call timeout) guards its arm (number, deadline, wanted tick, pending) and
     * whether it is in the wheel; the list fields are guarded by the slot it is linked in. The owner and
     * the sweeper take the guard, then a slot; the sweeper's scan of a slot takes no timer's lock.
     *
     * <p>In the wheel means linked in a slot, or taken out of it (or queued in {@code dueNow}) and not
     * yet looked at by the sweeper. A timer in the wheel may wait for an earlier tick than its current
     * arm wants (a re-arm to a later deadline leaves it where it is): when the sweeper takes it, it
     * fires the current arm if that is due, or links the timer again for the arm's tick.
     */
    private final class Timer implements Cancellable, Clock.Timer {
        private final boolean isOneShot; // made by schedule: armed once, never moves
        private Runnable oneShot; // schedule's action until it fires or is cancelled; guarded by guard()
        private final ArmedAction rearmable; // timer's action, or null
        boolean pending; // the current arm has neither fired nor been cancelled; guarded by guard()
        long arms; // the current arm's number; guarded by guard()
        long deadline; // of the current arm; guarded by guard()
        long wantedTick; // of the current arm: the first tick at or after its deadline; guarded by guard()
        boolean inWheel; // guarded by guard()
        Slot slot; // the slot it was last linked in; written under guard() and that slot (a one-shot's before it is
        // published)
        long tick; // the tick it was last linked for; written under this and slot, read under either
        Timer prev; // guarded by slot
        Timer next; // guarded by slot
        boolean linked; // guarded by slot

        Timer(Runnable oneShot, ArmedAction rearmable) {
            this.isOneShot = oneShot != null;
            this.oneShot = oneShot;
            this.rearmable = rearmable;
        }

        /** The lock of the arm's fields: this, or a one-shot timer's slot (set before it is published). */
        private Object guard() {
            return isOneShot ? slot : this;
        }

        @Override
        public long arm(long deadlineNanos) {
            if (isOneShot) {
                throw new IllegalStateException("a one-shot timer is armed once, by schedule");
            }
            sweeperFor();
            synchronized (this) {
                long arm = ++arms;
                pending = true;
                deadline = deadlineNanos;
                wantedTick = tickOf(deadlineNanos);
                if (inWheel) {
                    if (tick <= wantedTick) {
                        return arm; // it waits for an earlier tick than it needs: the sweeper moves it on
                    }
                    unlink(); // earlier than where it waits: move it
                    if (inWheel) {
                        // the sweeper has taken it (at a tick past the one it waited for, so past this
                        // arm's too): it fires this arm when it looks at it
                        return arm;
                    }
                }
                place(this);
                return arm;
            }
        }

        @Override
        public void cancel() {
            if (isOneShot) { // one lock, as a call's timeout is set and cancelled for nearly every call
                Slot s = slot;
                synchronized (s) {
                    pending = false;
                    oneShot = null; // a TimerRef kept after its cancel must not keep the message reachable
                    if (linked) {
                        s.unlink(this);
                        inWheel = false;
                    }
                }
                return;
            }
            synchronized (this) {
                pending = false;
                unlink(); // at once, so that a cancelled timer does not keep its action reachable
            }
        }

        /** Takes the timer out of its slot if it is linked there; the caller holds this. */
        private void unlink() {
            Slot s = slot;
            if (s != null) {
                synchronized (s) {
                    if (linked) {
                        s.unlink(this);
                        inWheel = false;
                    }
                }
            }
        }

        /**
         * The sweeper took the timer out of the wheel, having swept up to {@code nowTick}: drops it if
         * cancelled, queues the current arm to fire if it is due, or links it again for a later tick.
         */
        void taken(long nowTick, List<Due> fire) {
            synchronized (guard()) {
                if (!inWheel) {
                    return; // not expected: place() is the only way in, and only for a timer not in it
                }
                inWheel = false;
                if (!pending) {
                    return;
                }
                if (wantedTick <= nowTick) {
                    fire.add(new Due(this, arms, deadline));
                } else {
                    place(this);
                }
            }
        }

        /** Runs the action if {@code arm} is still the current, pending arm. */
        void fire(long arm) {
            Runnable action;
            synchronized (guard()) {
                if (!pending || arm != arms) {
                    return; // cancelled, or armed again after the sweeper took it
                }
                pending = false;
                action = oneShot;
                oneShot = null; // nor after it fired
            }
            try {
                if (isOneShot) {
                    action.run();
                } else {
                    rearmable.fire(arm);
                }
            } catch (Throwable e) { // one broken action must not stop every other timer of the node
                Thread me = Thread.currentThread();
                me.getUncaughtExceptionHandler().uncaughtException(me, e);
            }
        }
    }
}
