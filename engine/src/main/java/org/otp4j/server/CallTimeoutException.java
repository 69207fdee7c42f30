package org.otp4j.server;

import org.otp4j.ExitReason;

/** A call whose reply did not come within its timeout; a late reply is dropped, never received. */
public final class CallTimeoutException extends CallException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out
     */
    public CallTimeoutException(String message) {
        super(message, ExitReason.of("timeout"));
    }
}
