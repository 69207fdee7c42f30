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
    private final ConcurrentLinkedQueue<Due> dueNow = new ConcurrentLinkedQueue<>(); // past their tick
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
        Timer timer = new Timer(action, null);
        timer.arm(deadlineNanos);
        return timer;
    }

    /**
     * A timer that moves between the wheel's slots when it is armed again: a re-arm unlinks it from its
     * slot and links it into the new deadline's, allocating nothing.
     */
    @Override
    public Clock.Timer timer(ArmedAction action) {
        return new Timer(null, action);
    }

    /** Links {@code timer}'s current arm into the wheel, or queues it to fire if its tick is past. */
    private void place(Timer timer, long deadlineNanos) {
        Thread s = sweeper;
        if (s == null || closed) { // closed: startSweeper refuses
            s = startSweeper();
        }
        // the first tick whose start is at or after the deadline
        long tick = Math.max(0, Math.ceilDiv(deadlineNanos - origin, 1L << TICK_SHIFT));
        Slot slot = slots[firstSlotOf(tick) + (int) (Thread.currentThread().threadId() & (LANES - 1))];
        if (!setSinceLastLook) {
            setSinceLastLook = true;
        }
        boolean passed;
        synchronized (slot) {
            passed = processedTick >= tick;
            timer.slot = slot;
            timer.tick = tick;
            timer.deadline = deadlineNanos;
            if (!passed) {
                slot.link(timer);
            }
        }
        if (passed) { // the sweeper has gone past this tick: it fires the timer on its next round
            dueNow.add(new Due(timer, timer.arms, deadlineNanos));
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
                    slots[base + lane].takeDue(t, this, fire);
                }
            }
            for (Due d; (d = dueNow.poll()) != null; ) {
                fire.add(d);
            }
            if (!fire.isEmpty()) {
                fire.sort(Comparator.comparingLong(Due::deadline)); // stable: same deadline, set order
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

    /**
     * An arm of a timer that was due when the sweeper (or a late setter) took it: it fires only if it
     * is still the timer's current arm.
     */
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

        /** Moves the timers due by {@code tick} into {@code out} and marks the tick swept. */
        synchronized void takeDue(long tick, SystemClock clock, List<Due> out) {
            for (Timer t = head; t != null; ) {
                Timer next = t.next;
                if (t.tick <= tick) {
                    unlink(t);
                    out.add(new Due(t, t.arms, t.deadline)); // a linked timer's arm is stable under the slot
                }
                t = next;
            }
            clock.processedTick = tick;
        }
    }

    /**
     * One timer: a one-shot timer of {@link #schedule} (armed once) or a re-armable one of {@link
     * #timer}. Locks: the timer's own monitor serialises arm, cancel and the claim to fire; the fields
     * of its place in the wheel are guarded by the slot it is linked in. Arm and cancel take the timer,
     * then the slot; the sweeper takes a slot or a timer, never both.
     */
    private final class Timer implements Cancellable, Clock.Timer {
        private final Runnable oneShot; // schedule's action, or null
        private final ArmedAction rearmable; // timer's action, or null
        private boolean pending; // the current arm has neither fired nor been cancelled; guarded by this
        long arms; // the current arm's number; written under this and (while linked) stable under slot
        Slot slot; // the slot of the current arm (linked there unless taken); written under this and slot
        long tick; // of the current arm; guarded by slot
        long deadline; // of the current arm; guarded by slot
        Timer prev; // guarded by slot
        Timer next; // guarded by slot
        boolean linked; // guarded by slot

        Timer(Runnable oneShot, ArmedAction rearmable) {
            this.oneShot = oneShot;
            this.rearmable = rearmable;
        }

        @Override
        public long arm(long deadlineNanos) {
            synchronized (this) {
                unlink();
                long arm = ++arms;
                pending = true;
                place(this, deadlineNanos);
                return arm;
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                pending = false;
                unlink();
            }
        }

        /** Takes the current arm out of its slot, if it is still there; the caller holds this. */
        private void unlink() {
            Slot s = slot;
            if (s != null) {
                synchronized (s) {
                    if (linked) {
                        s.unlink(this);
                    }
                }
            }
        }

        /** Runs the action if {@code arm} is still the current, pending arm. */
        void fire(long arm) {
            synchronized (this) {
                if (!pending || arm != arms) {
                    return; // cancelled, or armed again after the sweeper took it
                }
                pending = false;
            }
            try {
                if (oneShot != null) {
                    oneShot.run();
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
