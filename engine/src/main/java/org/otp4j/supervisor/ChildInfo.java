package org.otp4j.supervisor;

import java.util.Objects;
import java.util.Optional;
import org.otp4j.Pid;

/**
 * One line of {@link Supervisor#whichChildren}: OTP's {@code {Id, Child, Type, Modules}} without the
 * modules.
 *
 * @param id the child's id; a dynamic supervisor's children have none and report {@link #NO_ID}
 * @param status running (with its pid), restarting (waiting for a delayed restart), or undefined (not
 *     running: it ended, was terminated, or its start returned ignore)
 * @param type worker or supervisor
 */
public record ChildInfo(Object id, Status status, ChildType type) {
    /** The id a dynamic supervisor reports for its children (Elixir's {@code :undefined}). */
    public static final Object NO_ID = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    /** Checks the components. */
    public ChildInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
    }

    /** {@return the child's pid while it runs} */
    public Optional<Pid> pid() {
        return status instanceof Running r ? Optional.of(r.pid()) : Optional.empty();
    }

    /** A child's state: OTP's pid, {@code restarting} or {@code undefined}. */
    public sealed interface Status {}

    /**
     * The child runs.
     *
     * @param pid its process
     */
    public record Running(Pid pid) implements Status {
        /** Checks the pid. */
        public Running {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** The child ended and waits for a delayed restart (SV10), or a restart that failed is retried. */
    public record Restarting() implements Status {
        @Override
        public String toString() {
            return "restarting";
        }
    }

    /** The child has a spec but no process. */
    public record Undefined() implements Status {
        @Override
        public String toString() {
            return "undefined";
        }
    }
}
