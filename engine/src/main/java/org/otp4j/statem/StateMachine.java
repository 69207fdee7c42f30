package org.otp4j.statem;

import java.time.Duration;
import java.util.Objects;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.internal.gen.Gen;
import org.otp4j.server.GenServer;
import org.otp4j.server.StartResult;

/**
 * A state machine: OTP's {@code gen_statem}. Implement {@link #init} and either {@link #handleEvent}
 * (one handler for all states, the default callback mode) or {@link #stateFunction} with {@link
 * #callbackMode()} returning {@link CallbackMode#STATE_FUNCTIONS} (one handler per state). State-enter
 * calls are opt-in ({@link #stateEnter()}). See the package documentation for the transition order and a
 * worked example.
 *
 * <p>A machine is one process that holds no thread between events. Calls reuse the generic server's
 * machinery ({@link GenServer#call} semantics: 5 s default, late replies dropped).
 *
 * @param <S> the state type (compared with {@code equals}: a "state change" is a different state)
 * @param <D> the data type
 */
public interface StateMachine<S, D> {

    /** The two callback modes. */
    enum CallbackMode {
        /** One {@link #handleEvent} for every state. */
        HANDLE_EVENT_FUNCTION,
        /** One {@link StateFunction} per state, from {@link #stateFunction}. */
        STATE_FUNCTIONS
    }

    /**
     * A handler for the events of one state.
     *
     * @param <S> the state type
     * @param <D> the data type
     */
    @FunctionalInterface
    interface StateFunction<S, D> {
        /**
         * Handles an event in this state.
         *
         * @param self the machine's context
         * @param type the event type
         * @param content the event's content
         * @param data the current data
         * @return the transition
         * @throws Exception crashes the machine
         */
        Transition<S, D> handle(ProcessContext self, EventType type, Object content, D data) throws Exception;
    }

    /**
     * Initialises the machine; the starter waits until this returns.
     *
     * @param self the machine's context
     * @return ok with the initial state, data and actions; ignore; or stop
     * @throws Exception fails the start
     */
    Init<S, D> init(ProcessContext self) throws Exception;

    /** {@return the callback mode; {@link CallbackMode#HANDLE_EVENT_FUNCTION} unless overridden} */
    default CallbackMode callbackMode() {
        return CallbackMode.HANDLE_EVENT_FUNCTION;
    }

    /** {@return whether state-enter calls are made (off unless overridden)} */
    default boolean stateEnter() {
        return false;
    }

    /**
     * Handles an event in any state (handle-event-function mode).
     *
     * @param self the machine's context
     * @param type the event type
     * @param content the event's content (for an enter call: the previous state)
     * @param state the current state
     * @param data the current data
     * @return the transition
     * @throws Exception crashes the machine
     */
    default Transition<S, D> handleEvent(ProcessContext self, EventType type, Object content, S state, D data)
            throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " is in handle-event-function mode but does not" + " implement handleEvent");
    }

    /**
     * The handler of one state (state-functions mode).
     *
     * @param state the state
     * @return its handler
     */
    default StateFunction<S, D> stateFunction(S state) {
        throw new IllegalStateException(
                getClass().getName() + " is in state-functions mode but has no handler" + " for state " + state);
    }

    /**
     * Cleans up as the machine stops. Exceptions are logged and ignored.
     *
     * @param self the machine's context
     * @param reason why it stops
     * @param state the last state
     * @param data the last data
     * @throws Exception logged
     */
    default void terminate(ProcessContext self, ExitReason reason, S state, D data) throws Exception {}

    // ---- client functions -----------------------------------------------------------------------

    /**
     * Starts a machine, not linked; blocks until init returns.
     *
     * @param self the starter
     * @param machine the callbacks
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    static StartResult start(ProcessContext self, StateMachine<?, ?> machine, SpawnOptions options) {
        Objects.requireNonNull(machine, "machine must not be null");
        return Gen.start(
                self,
                (parent, tag) -> new org.otp4j.internal.gen.MachineProcess<>(machine, parent, tag),
                options,
                false);
    }

    /**
     * Starts a machine, not linked, with default options.
     *
     * @param self the starter
     * @param machine the callbacks
     * @return the outcome
     */
    static StartResult start(ProcessContext self, StateMachine<?, ?> machine) {
        return start(self, machine, SpawnOptions.defaults());
    }

    /**
     * Starts a machine linked to the caller.
     *
     * @param self the starter
     * @param machine the callbacks
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    static StartResult startLink(ProcessContext self, StateMachine<?, ?> machine, SpawnOptions options) {
        Objects.requireNonNull(machine, "machine must not be null");
        return Gen.start(
                self,
                (parent, tag) -> new org.otp4j.internal.gen.MachineProcess<>(machine, parent, tag),
                options,
                true);
    }

    /**
     * Calls a machine (event type {@link EventType.Call}) and waits up to 5 s for the reply.
     *
     * @param self the caller
     * @param machine the machine
     * @param request the event's content
     * @return the reply
     * @throws org.otp4j.server.CallException as {@link GenServer#call}
     */
    static Object call(ProcessContext self, Pid machine, Object request) {
        return Gen.call(self, machine, request, GenServer.DEFAULT_TIMEOUT);
    }

    /**
     * Calls a machine with a timeout.
     *
     * @param self the caller
     * @param machine the machine
     * @param request the event's content
     * @param timeout how long to wait
     * @return the reply
     */
    static Object call(ProcessContext self, Pid machine, Object request, Duration timeout) {
        return Gen.call(self, machine, request, timeout);
    }

    /**
     * Calls a machine by a name of either kind: a local name or a via-name (R2).
     *
     * @param self the caller
     * @param name the machine's name
     * @param request the event's content
     * @return the reply
     * @throws org.otp4j.server.CallException noproc if nobody holds the name
     */
    static Object call(ProcessContext self, Name name, Object request) {
        return Gen.call(self, Gen.resolve(self, name), request, GenServer.DEFAULT_TIMEOUT);
    }

    /**
     * Casts to a machine by a name of either kind; a no-op if nobody holds it.
     *
     * @param self the sender
     * @param name the machine's name
     * @param request the event's content
     */
    static void cast(ProcessContext self, Name name, Object request) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(name, "name must not be null")
                .whereis(self.node())
                .ifPresent(pid -> cast(self, pid, request));
    }

    /**
     * Sends a cast event.
     *
     * @param self the sender
     * @param machine the machine
     * @param request the event's content
     */
    static void cast(ProcessContext self, Pid machine, Object request) {
        self.send(machine, new Gen.CastMessage(Objects.requireNonNull(request, "request must not be null")));
    }

    /**
     * Stops a machine: terminate runs with {@code reason}; returns once it has exited.
     *
     * @param self the caller
     * @param machine the machine
     * @param reason the exit reason
     */
    static void stop(ProcessContext self, Pid machine, ExitReason reason) {
        Gen.stop(self, machine, reason, GenServer.INFINITY);
    }
}
