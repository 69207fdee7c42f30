package org.otp4j.server;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * A call that did not get its reply: the server does not exist ({@code noproc}), it ended during the call
 * (its exit reason), the caller called itself ({@code calling_self}), or the timeout passed ({@link
 * CallTimeoutException}). Erlang's caller exits with {@code {Reason, {gen_server, call, ...}}}; here the
 * caller gets this exception and may catch it, or let it end the process.
 */
public class CallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param reason why, as an exit reason
     */
    public CallException(String message, ExitReason reason) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return why the call failed: noproc, the server's exit reason, calling_self or timeout} */
    public ExitReason reason() {
        return reason;
    }
}
