package org.otp4j.task;

import org.otp4j.ExitReason;

/**
 * How a task ended, as {@link Task#yield} and {@link Task#shutdown} report it: Elixir's {@code {:ok,
 * value}} and {@code {:exit, reason}}.
 *
 * @param <T> the task's result type
 */
public sealed interface TaskResult<T> {
    /**
     * The task returned.
     *
     * @param value its result
     * @param <T> the result type
     */
    record Ok<T>(T value) implements TaskResult<T> {}

    /**
     * The task ended without a result.
     *
     * @param reason its exit reason
     * @param <T> the result type
     */
    record Exited<T>(ExitReason reason) implements TaskResult<T> {}
}
