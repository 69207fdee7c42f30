package org.otp4j.task;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link Task#asyncStream}, Elixir's {@code Task.async_stream} options.
 *
 * @param maxConcurrency the most tasks running at once (default: the number of processors)
 * @param ordered emit results in input order (default true) or as they complete
 * @param timeout the longest a task may run (default 5 s)
 * @param onTimeout what a timeout does: fail the caller (default) or kill the task and emit {@code
 *     Exited(timeout)}
 * @param zipInputOnExit make an exit's reason {@link Zipped} with the input that caused it
 */
public record StreamOptions(
        int maxConcurrency, boolean ordered, Duration timeout, OnTimeout onTimeout, boolean zipInputOnExit) {

    /** What a task timeout does. */
    public enum OnTimeout {
        /** The caller fails with {@link TaskExitException} (reason timeout). */
        EXIT,
        /** The task is killed and the stream emits {@code Exited(timeout)}. */
        KILL_TASK
    }

    /**
     * An exit reason paired with the input whose task ended that way.
     *
     * @param input the input
     * @param reason the task's exit reason
     */
    public record Zipped(Object input, Object reason) {}

    /** Validates the options. */
    public StreamOptions {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        Objects.requireNonNull(onTimeout, "onTimeout");
    }

    /** {@return the defaults: as many tasks as processors, ordered, 5 s, fail the caller on timeout} */
    public static StreamOptions defaults() {
        return new StreamOptions(
                Runtime.getRuntime().availableProcessors(), true, Duration.ofSeconds(5), OnTimeout.EXIT, false);
    }

    /**
     * {@return these options with another concurrency}
     *
     * @param n at least 1
     */
    public StreamOptions maxConcurrency(int n) {
        return new StreamOptions(n, ordered, timeout, onTimeout, zipInputOnExit);
    }

    /**
     * {@return these options, ordered or not}
     *
     * @param on whether results keep the input order
     */
    public StreamOptions ordered(boolean on) {
        return new StreamOptions(maxConcurrency, on, timeout, onTimeout, zipInputOnExit);
    }

    /**
     * {@return these options with another timeout and timeout action}
     *
     * @param t the per-task timeout
     * @param action what a timeout does
     */
    public StreamOptions timeout(Duration t, OnTimeout action) {
        return new StreamOptions(maxConcurrency, ordered, t, action, zipInputOnExit);
    }

    /**
     * {@return these options, zipping inputs into exit reasons or not}
     *
     * @param on whether to zip
     */
    public StreamOptions zipInputOnExit(boolean on) {
        return new StreamOptions(maxConcurrency, ordered, timeout, onTimeout, on);
    }
}
