package org.otp4j.supervisor;

import java.util.Objects;

/**
 * A supervisor refused a client request ({@link ChildError} says why). Thrown in the calling process;
 * the supervisor is unaffected.
 */
public final class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The refusal, as an OTP error atom. */
    private final ChildError error;

    /**
     * Creates the exception.
     *
     * @param error why the request was refused
     * @param message a sentence naming the child and the problem
     */
    public SupervisorException(ChildError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** {@return why the request was refused} */
    public ChildError error() {
        return error;
    }
}
