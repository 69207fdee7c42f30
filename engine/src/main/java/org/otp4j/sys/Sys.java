package org.otp4j.sys;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.internal.gen.Gen;
import org.otp4j.server.CallException;
import org.otp4j.server.GenServer;

/**
 * Introspection and control of running behaviours ({@link GenServer} and {@link
 * org.otp4j.statem.StateMachine}): OTP's {@code sys} module. Every function is a system request that the
 * behaviour handles between callbacks, even while suspended; each waits up to 5 seconds by default.
 *
 * <p>A state machine's state is reported as {@link StateAndData}.
 */
public final class Sys {
    private Sys() {}

    /** The default timeout of a system request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A state machine's state and data.
     *
     * @param state the state
     * @param data the data
     */
    public record StateAndData(Object state, Object data) {}

    /**
     * What {@link #getStatus} reports.
     *
     * @param pid the process
     * @param behaviour {@code gen_server} or {@code gen_statem}
     * @param suspended whether it is suspended
     * @param state its state ({@link StateAndData} for a state machine)
     * @param postponed events a state machine holds postponed (0 for a server)
     * @param stashed ordinary messages held while suspended
     * @param statistics its statistics, if switched on
     */
    public record Status(
            Pid pid,
            String behaviour,
            boolean suspended,
            Object state,
            int postponed,
            int stashed,
            Statistics statistics) {}

    /**
     * Per-process statistics, counted from when they were switched on.
     *
     * @param since the node's monotonic time when counting began
     * @param messagesIn messages handled (calls, casts, infos, timeouts)
     * @param replies replies sent
     */
    public record Statistics(long since, long messagesIn, long replies) {}

    /** The system requests, as they travel to a behaviour (the protocol, not an API to call). */
    public sealed interface Request {}

    /** See {@link #getState}. */
    public record GetState() implements Request {}

    /**
     * See {@link #replaceState}.
     *
     * @param replace the function
     */
    public record ReplaceState(UnaryOperator<Object> replace) implements Request {}

    /** See {@link #suspend}. */
    public record Suspend() implements Request {}

    /** See {@link #resume}. */
    public record Resume() implements Request {}

    /** See {@link #getStatus}. */
    public record GetStatus() implements Request {}

    /**
     * See {@link #trace}.
     *
     * @param on the new setting
     */
    public record Trace(boolean on) implements Request {}

    /**
     * See {@link #statistics}.
     *
     * @param on the new setting
     */
    public record Stats(boolean on) implements Request {}

    private static Object ask(ProcessContext self, Pid pid, Request request) {
        Objects.requireNonNull(pid, "pid must not be null");
        // never run on the caller's thread (SpawnOptions.callerRuns): a resume handles every held message
        return Gen.call(self, pid, request, DEFAULT_TIMEOUT, false);
    }

    /**
     * The behaviour's state (SY1).
     *
     * @param self the caller
     * @param pid the behaviour
     * @return its state, or {@link StateAndData} for a state machine
     */
    public static Object getState(ProcessContext self, Pid pid) {
        return ask(self, pid, new GetState());
    }

    /**
     * Replaces the behaviour's state with {@code replace(state)} (for a state machine, the argument and
     * result are {@link StateAndData}). If the function throws, the state is unchanged and the caller
     * fails (SY1).
     *
     * @param self the caller
     * @param pid the behaviour
     * @param replace the function
     * @return the new state
     * @throws CallException with the function's exception as reason, if it failed
     */
    public static Object replaceState(ProcessContext self, Pid pid, UnaryOperator<Object> replace) {
        Objects.requireNonNull(replace, "replace must not be null");
        Object answer = ask(self, pid, new ReplaceState(replace));
        if (answer instanceof Failed f) {
            throw new CallException(
                    "replaceState of " + pid + " failed: " + f.error(), org.otp4j.ExitReason.exception(f.error()));
        }
        return answer;
    }

    /**
     * Suspends the behaviour: until {@link #resume}, it handles only system requests; other messages
     * wait, in order (SY2).
     *
     * @param self the caller
     * @param pid the behaviour
     */
    public static void suspend(ProcessContext self, Pid pid) {
        ask(self, pid, new Suspend());
    }

    /**
     * Resumes a suspended behaviour; the messages that waited are handled first, in order.
     *
     * @param self the caller
     * @param pid the behaviour
     */
    public static void resume(ProcessContext self, Pid pid) {
        ask(self, pid, new Resume());
    }

    /**
     * The behaviour's status.
     *
     * @param self the caller
     * @param pid the behaviour
     * @return its status
     */
    public static Status getStatus(ProcessContext self, Pid pid) {
        return (Status) ask(self, pid, new GetStatus());
    }

    /**
     * Switches tracing on or off (SY3): each event the behaviour handles is logged (logger {@code
     * org.otp4j.sys}, level INFO).
     *
     * @param self the caller
     * @param pid the behaviour
     * @param on the new setting
     */
    public static void trace(ProcessContext self, Pid pid, boolean on) {
        ask(self, pid, new Trace(on));
    }

    /**
     * Switches statistics on (from zero) or off (SY3).
     *
     * @param self the caller
     * @param pid the behaviour
     * @param on the new setting
     */
    public static void statistics(ProcessContext self, Pid pid, boolean on) {
        ask(self, pid, new Stats(on));
    }

    /**
     * A failed replaceState, as the behaviour answers it.
     *
     * @param error what the function threw
     */
    public record Failed(Throwable error) {}
}
