package org.otp4j.task;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * An awaited task ended without a result (it crashed or was killed), or the await timed out (reason
 * {@code timeout}). As with Elixir's {@code Task.await}, the caller fails.
 */
public final class TaskExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param reason the task's exit reason, or {@code timeout}
     */
    public TaskExitException(String message, ExitReason reason) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return the task's exit reason, or {@code timeout}} */
    public ExitReason reason() {
        return reason;
    }
}
