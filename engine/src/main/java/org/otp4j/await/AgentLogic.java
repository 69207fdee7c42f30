package org.otp4j.await;

import org.otp4j.ExitReason;

/**
 * The logic of an agent: what a user writes. The agent behaviour ({@link Agent}) runs it as a generic
 * server, keeps the waiters and the tagged children, and after every callback answers the waiters whose
 * condition now holds.
 *
 * <p>Callbacks run one at a time on the agent's process. Each returns the new state, which must not be
 * null and should be immutable (a waiter's completion carries parts of it to other processes). An
 * exception ends the agent with that exception as its reason; every waiter then fails promptly with
 * {@link AwaitException.Down}.
 *
 * @param <S> the state: a {@code Map<String, Object>} read through key paths, an {@link AgentState}, or
 *     any type read through accessors given in {@link AwaitOptions}
 */
public interface AgentLogic<S> {

    /**
     * Makes the initial state; the starter waits for it.
     *
     * @param agent the agent's context (its process, its children)
     * @return the initial state, not null
     * @throws Exception fails the start with the exception as the reason
     */
    S init(AgentContext agent) throws Exception;

    /**
     * Handles a signal: anything sent with {@link Agent#signal}, and any other message the agent
     * receives (including {@link ChildExited} when a tagged child ends, and {@code Down}s of monitors the
     * logic set itself).
     *
     * @param agent the agent's context
     * @param signal the signal
     * @param state the current state
     * @return the new state, not null
     * @throws Exception ends the agent
     */
    S handleSignal(AgentContext agent, Object signal, S state) throws Exception;

    /**
     * Handles a cancel request ({@link Await#cancel}): advisory, the logic decides (J11). The default
     * marks a map-shaped state as failed: it returns a copy with {@code "status"} set to {@code "failed"}
     * and {@code "error"} set to {@code cancel}; any other state is returned unchanged (override this
     * method to cancel a typed state).
     *
     * @param agent the agent's context
     * @param cancel the request, with its reason
     * @param state the current state
     * @return the new state, not null
     * @throws Exception ends the agent
     */
    default S handleCancel(AgentContext agent, Cancel cancel, S state) throws Exception {
        return Agent.defaultCancel(cancel, state);
    }

    /**
     * Cleans up as the agent stops (as {@code GenServer.terminate}). Exceptions are logged and ignored.
     *
     * @param agent the agent's context
     * @param reason why it stops
     * @param state the last state
     * @throws Exception logged
     */
    default void terminate(AgentContext agent, ExitReason reason, S state) throws Exception {}

    /**
     * A cancel request, as the logic receives it.
     *
     * @param reason why the client cancels (default {@code "client_cancelled"}, as Jido)
     */
    record Cancel(Object reason) {}

    /**
     * The signal an agent's logic receives when one of its tagged children ends; the tag is free again.
     *
     * @param tag the child's tag
     * @param pid the child
     * @param reason why it ended; {@code noproc} if it ended before the parent's monitor reached it (the
     *     monitor is a signal, as in Erlang, and may lose a race with the child's end)
     */
    record ChildExited(Object tag, org.otp4j.Pid pid, ExitReason reason) {}
}
