package org.otp4j;

import java.util.Objects;

/**
 * Thrown inside a process to end it: by {@link ProcessContext#exit(ExitReason)}, and by any engine
 * operation once an exit signal has decided that the process dies (an untrapped link exit, {@code
 * kill}, a mailbox limit).
 *
 * <p>Like Erlang's {@code exit/1}, a self-exit may be caught. An exit decided by a signal may be caught
 * too, but the process is already dying: the next engine operation throws again, and the process ends
 * with the signal's reason whatever the body does.
 */
public final class ExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;
    private final boolean bySignal; // an exit signal decided it, not the process's own exit()

    /**
     * Creates the exception for a process that ends itself.
     *
     * @param reason the reason the process ends with
     */
    public ExitException(ExitReason reason) {
        this(reason, false);
    }

    ExitException(ExitReason reason, boolean bySignal) {
        super(null, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.bySignal = bySignal;
    }

    /**
     * Whether an exit signal decided that the process dies (an untrapped link exit, {@code kill}, a
     * mailbox limit), rather than the process itself calling {@code exit}. Behaviours run their {@code
     * terminate} callback for the second kind only, as OTP does.
     *
     * @return true if a signal decided it
     */
    public boolean bySignal() {
        return bySignal;
    }

    @Override
    public String getMessage() {
        return "process exit: " + reason; // built on demand: exits are thrown far more often than read
    }

    /** {@return the reason the process ends with} */
    public ExitReason reason() {
        return reason;
    }
}
