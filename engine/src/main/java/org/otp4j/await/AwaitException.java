package org.otp4j.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * Why a wait, or another {@link Await} function, failed. Each kind names the server it is about (the
 * reference as the caller gave it). Infrastructure errors only: an agent that ends with status {@code
 * failed} is a {@link Completion}, not an exception (J1).
 *
 * {@snippet :
 * try {
 *     Completion done = Await.completion(self, agent, Duration.ofSeconds(5));
 * } catch (AwaitException.Timeout e) {
 *     // e.diagnostics(): waited time, status, mailbox length, a hint
 * } catch (AwaitException.Down e) {
 *     // e.reason(): why the agent died while awaited
 * }
 * }
 */
public abstract sealed class AwaitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object server;

    private AwaitException(Object server, String message) {
        super(message);
        this.server = server;
    }

    /** {@return the server reference the error is about, as given (null for a null reference)} */
    public Object server() {
        return server;
    }

    /**
     * What a timed-out wait learnt about one agent it was waiting for (J3).
     *
     * @param server the server reference, as given
     * @param waited how long the caller waited in all
     * @param status the agent's status as read when the wait gave up, or a sentence saying why it is
     *     unknown (the agent did not answer within {@link Await#PROBE_TIMEOUT}, or the child to wait for
     *     does not exist yet)
     * @param mailboxLength messages queued at the agent when the wait gave up; -1 if it had ended
     * @param hint what to look at
     */
    public record Diagnostics(Object server, Duration waited, String status, int mailboxLength, String hint) {
        /** Checks the parts. */
        public Diagnostics {
            Objects.requireNonNull(waited, "waited");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(hint, "hint");
        }
    }

    /** The wait ran out of time (J3); the waiters it left at the agents have been removed. */
    public static final class Timeout extends AwaitException {
        private static final long serialVersionUID = 1L;

        private final transient Duration waited;
        private final transient List<Diagnostics> diagnostics;

        Timeout(Object server, Duration waited, List<Diagnostics> diagnostics, String message) {
            super(server, message);
            this.waited = waited;
            this.diagnostics = List.copyOf(diagnostics);
        }

        /** {@return how long the caller waited} */
        public Duration waited() {
            return waited;
        }

        /** {@return one entry per agent still awaited when time ran out (empty for {@code any([])})} */
        public List<Diagnostics> diagnostics() {
            return diagnostics;
        }
    }

    /** No live process answers to the reference: a dead pid, an unregistered name (J4). */
    public static final class NotFound extends AwaitException {
        private static final long serialVersionUID = 1L;

        NotFound(Object server, String message) {
            super(server, message);
        }
    }

    /** The agent ended while it was awaited (J12); the error came from a monitor, at once. */
    public static final class Down extends AwaitException {
        private static final long serialVersionUID = 1L;

        private final transient ExitReason reason;

        Down(Object server, ExitReason reason, String message) {
            super(server, message);
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        /** {@return why the agent ended} */
        public ExitReason reason() {
            return reason;
        }
    }

    /** The process is alive but is not an agent (it was not started by {@link Agent}); it was not touched. */
    public static final class NotAnAgent extends AwaitException {
        private static final long serialVersionUID = 1L;

        private final String initialCall;

        NotAnAgent(Object server, String initialCall, String message) {
            super(server, message);
            this.initialCall = initialCall;
        }

        /** {@return what the process runs, as {@code ProcessInfo.initialCall} reports it} */
        public String initialCall() {
            return initialCall;
        }
    }

    /** The reference is not something a server can be named by (J4): null, a foreign pid, a wrong type. */
    public static final class BadReference extends AwaitException {
        private static final long serialVersionUID = 1L;

        BadReference(Object server, String message) {
            super(server, message);
        }
    }

    /** The agent's state does not fit the wait's {@link AwaitOptions} (a bad path, type or predicate). */
    public static final class BadState extends AwaitException {
        private static final long serialVersionUID = 1L;

        BadState(Object server, String message) {
            super(server, message);
        }
    }

    /** {@link Await#anySuccess}: every agent completed, and every one failed. */
    public static final class NoSuccess extends AwaitException {
        private static final long serialVersionUID = 1L;

        private final transient List<Completion> completions;

        NoSuccess(List<Completion> completions, String message) {
            super(null, message);
            this.completions = List.copyOf(completions);
        }

        /** {@return the failed completions, in the order of the servers given} */
        public List<Completion> completions() {
            return completions;
        }
    }
}
