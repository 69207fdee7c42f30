package org.otp4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.otp4j.spi.Clock;

/**
 * A raw timer started by {@link ProcessContext#sendAfter} or {@link ProcessContext#startTimer}:
 * cancel it with {@link ProcessContext#cancelTimer(TimerRef)} and read it with {@link
 * ProcessContext#readTimer(TimerRef)}.
 *
 * <p>Raw timers follow Erlang: cancelling a timer that already fired is too late, and its message may
 * already sit in the mailbox. A timer whose receiver has ended counts as cancelled. For timers whose
 * stale messages are never received, use {@link ProcessContext#timers()}.
 */
public final class TimerRef {
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerRef.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Ref ref;
    final long deadline; // on the node's Clock
    final ProcessCell target;
    private volatile int state; // PENDING, then FIRED or CANCELLED, once
    Clock.Cancellable handle; // the clock's timer; set right after scheduling, before the ref escapes

    TimerRef(Ref ref, long deadline, ProcessCell target) {
        this.ref = ref;
        this.deadline = deadline;
        this.target = target;
    }

    /** Claims the timer for firing; false if it was cancelled first. */
    boolean fire() {
        return STATE.compareAndSet(this, PENDING, FIRED);
    }

    /** Cancels the timer; false if it had already fired or been cancelled. */
    boolean cancel() {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            handle.cancel();
            return true;
        }
        return false;
    }

    boolean isPending() {
        return state == PENDING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimerRef t && t.ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return "#TimerRef" + ref.toString().substring(4);
    }
}
