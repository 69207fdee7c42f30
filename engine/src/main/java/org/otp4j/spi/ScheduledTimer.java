package org.otp4j.spi;

/**
 * {@link Clock#timer}'s default: each arm cancels the pending one-shot timer and schedules a new one,
 * so a clock that only implements {@link Clock#schedule} behaves exactly as if its owner did that.
 */
final class ScheduledTimer implements Clock.Timer {
    private final Clock clock;
    private final Clock.ArmedAction action;
    private long arms; // guarded by this
    private Clock.Cancellable pending; // the current arm's timer, or null; guarded by this

    ScheduledTimer(Clock clock, Clock.ArmedAction action) {
        this.clock = clock;
        this.action = action;
    }

    @Override
    public synchronized long arm(long deadlineNanos) {
        if (pending != null) {
            pending.cancel();
        }
        long arm = ++arms;
        pending = clock.schedule(deadlineNanos, () -> fire(arm));
        return arm;
    }

    @Override
    public synchronized void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    private void fire(long arm) {
        synchronized (this) {
            if (arm != arms || pending == null) {
                return; // replaced or cancelled after the clock took it
            }
            pending = null;
        }
        action.fire(arm);
    }
}
