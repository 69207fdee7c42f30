package org.otp4j;

import java.util.Objects;

/**
 * Why a process ended, or the reason carried by an exit signal: OTP's exit reasons as a sealed type.
 *
 * <p>{@link #normal()}, {@link #shutdown()} and {@link #shutdown(Object)} are the quiet reasons (a
 * supervisor does not restart a transient child for them, and no crash report is written). {@link
 * #kill()} is only ever a signal: {@code exit(pid, kill)} cannot be trapped and the victim dies with
 * {@link #killed()}. {@link #noproc()} is what links and monitors report for a process that does not
 * exist. Any other term is wrapped by {@link #of(Object)}, and an exception that escaped a process body
 * by {@link #exception(Throwable)}, which keeps its stack.
 *
 * <p>Reasons are immutable values; equality is structural (two {@code exception} reasons are equal
 * only when they carry the same {@code Throwable} instance).
 */
public sealed interface ExitReason {

    /** {@return the process finished its work; links ignore it unless the receiver traps exits} */
    static ExitReason normal() {
        return Normal.INSTANCE;
    }

    /** {@return an orderly shutdown, usually ordered by a supervisor} */
    static ExitReason shutdown() {
        return Shutdown.INSTANCE;
    }

    /**
     * An orderly shutdown carrying a term, OTP's {@code {shutdown, Term}}.
     *
     * @param term what the shutdown carries
     * @return the reason
     */
    static ExitReason shutdown(Object term) {
        return new ShutdownWith(Objects.requireNonNull(term, "shutdown term"));
    }

    /** {@return the untrappable kill signal; a process killed by it dies with {@link #killed()}} */
    static ExitReason kill() {
        return Kill.INSTANCE;
    }

    /** {@return the reason of a process that was sent {@link #kill()}} */
    static ExitReason killed() {
        return Killed.INSTANCE;
    }

    /** {@return the process does not exist (or no longer does)} */
    static ExitReason noproc() {
        return NoProc.INSTANCE;
    }

    /**
     * Any other reason, given as a term. The names {@code "normal"}, {@code "shutdown"}, {@code
     * "kill"}, {@code "killed"} and {@code "noproc"} map to the dedicated reasons, so that a reason
     * written as a string means what it means in Erlang.
     *
     * @param term the reason; an {@code ExitReason} is returned as it is
     * @return the reason
     */
    static ExitReason of(Object term) {
        Objects.requireNonNull(term, "exit reason term");
        if (term instanceof ExitReason reason) {
            return reason;
        }
        if (term instanceof String s) {
            switch (s) {
                case "normal" -> {
                    return normal();
                }
                case "shutdown" -> {
                    return shutdown();
                }
                case "kill" -> {
                    return kill();
                }
                case "killed" -> {
                    return killed();
                }
                case "noproc" -> {
                    return noproc();
                }
                default -> {}
            }
        }
        return new Term(term);
    }

    /**
     * The reason of a process whose body threw {@code error}; the stack trace is kept.
     *
     * @param error what the body threw
     * @return the reason
     */
    static ExitReason exception(Throwable error) {
        return new Failure(Objects.requireNonNull(error, "exception"));
    }

    /** {@return true for {@code normal}, {@code shutdown} and {@code shutdown(term)}: no restart of a transient child, no crash report} */
    default boolean isQuiet() {
        return this instanceof Normal || this instanceof Shutdown || this instanceof ShutdownWith;
    }

    /** {@return true only for {@link #normal()}} */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** See {@link #normal()}. */
    enum Normal implements ExitReason {
        /** The reason {@link #normal()}. */
        INSTANCE;

        @Override
        public String toString() {
            return "normal";
        }
    }

    /** See {@link #shutdown()}. */
    enum Shutdown implements ExitReason {
        /** The reason {@link #shutdown()}. */
        INSTANCE;

        @Override
        public String toString() {
            return "shutdown";
        }
    }

    /** See {@link #kill()}. */
    enum Kill implements ExitReason {
        /** The signal {@link #kill()}. */
        INSTANCE;

        @Override
        public String toString() {
            return "kill";
        }
    }

    /** See {@link #killed()}. */
    enum Killed implements ExitReason {
        /** The reason {@link #killed()}. */
        INSTANCE;

        @Override
        public String toString() {
            return "killed";
        }
    }

    /** See {@link #noproc()}. */
    enum NoProc implements ExitReason {
        /** The reason {@link #noproc()}. */
        INSTANCE;

        @Override
        public String toString() {
            return "noproc";
        }
    }

    /**
     * See {@link #shutdown(Object)}.
     *
     * @param term the term carried with the shutdown
     */
    record ShutdownWith(Object term) implements ExitReason {
        /** Validates the term. */
        public ShutdownWith {
            Objects.requireNonNull(term, "shutdown term");
        }

        @Override
        public String toString() {
            return "{shutdown, " + term + "}";
        }
    }

    /**
     * See {@link #of(Object)}.
     *
     * @param term the user's reason
     */
    record Term(Object term) implements ExitReason {
        /** Validates the term. */
        public Term {
            Objects.requireNonNull(term, "exit reason term");
        }

        @Override
        public String toString() {
            return String.valueOf(term);
        }
    }

    /**
     * See {@link #exception(Throwable)}.
     *
     * @param error what escaped the process body, stack trace included
     */
    record Failure(Throwable error) implements ExitReason {
        /** Validates the error. */
        public Failure {
            Objects.requireNonNull(error, "exception");
        }

        @Override
        public String toString() {
            return "{exception, " + error + "}";
        }
    }
}
