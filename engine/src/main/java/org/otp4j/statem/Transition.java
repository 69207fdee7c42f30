package org.otp4j.statem;

import java.util.List;
import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * What an event handler returns: gen_statem's {@code {next_state, ...}}, {@code keep_state},
 * {@code repeat_state} (with or without new data) and {@code stop} / {@code stop_and_reply}.
 *
 * @param <S> the state type
 * @param <D> the data type
 */
public sealed interface Transition<S, D> {
    /**
     * Go to {@code state} (a state change if it differs from the current one).
     *
     * @param state the next state
     * @param data the new data
     * @param actions transition actions
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> nextState(S state, D data, Action... actions) {
        return new Next<>(Objects.requireNonNull(state, "state"), data, false, false, List.of(actions));
    }

    /**
     * Stay in the state with new data.
     *
     * @param data the new data
     * @param actions transition actions
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> keepState(D data, Action... actions) {
        return new Next<>(null, data, false, false, List.of(actions));
    }

    /**
     * Stay in the state, keep the data.
     *
     * @param actions transition actions
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> keepStateAndData(Action... actions) {
        return new Next<>(null, null, true, false, List.of(actions));
    }

    /**
     * Stay in the state with new data, and run the state-enter call again (if enabled).
     *
     * @param data the new data
     * @param actions transition actions
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> repeatState(D data, Action... actions) {
        return new Next<>(null, data, false, true, List.of(actions));
    }

    /**
     * Stay in the state, keep the data, run the state-enter call again.
     *
     * @param actions transition actions
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> repeatStateAndData(Action... actions) {
        return new Next<>(null, null, true, true, List.of(actions));
    }

    /**
     * Stop with {@code reason}, keeping the data.
     *
     * @param reason the exit reason
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> stop(ExitReason reason) {
        return new Stop<>(Objects.requireNonNull(reason, "reason"), null, true, List.of());
    }

    /**
     * Send every reply, then stop (gen_statem's {@code stop_and_reply}).
     *
     * @param reason the exit reason
     * @param replies the replies, sent before terminate runs
     * @param <S> the state type
     * @param <D> the data type
     * @return the transition
     */
    static <S, D> Transition<S, D> stopAndReply(ExitReason reason, Action.Reply... replies) {
        return new Stop<>(Objects.requireNonNull(reason, "reason"), null, true, List.of(replies));
    }

    /**
     * A next_state, keep_state or repeat_state transition.
     *
     * @param state the next state, or null to keep the current one
     * @param data the new data (ignored when keepData)
     * @param keepData keep the current data
     * @param repeat run the state-enter call again
     * @param actions the actions
     * @param <S> the state type
     * @param <D> the data type
     */
    record Next<S, D>(S state, D data, boolean keepData, boolean repeat, List<Action> actions)
            implements Transition<S, D> {
        /** Copies the actions. */
        public Next {
            actions = List.copyOf(actions);
        }
    }

    /**
     * A stop transition.
     *
     * @param reason the exit reason
     * @param data the final data (ignored when keepData)
     * @param keepData keep the current data
     * @param replies replies sent before terminate
     * @param <S> the state type
     * @param <D> the data type
     */
    record Stop<S, D>(ExitReason reason, D data, boolean keepData, List<Action.Reply> replies)
            implements Transition<S, D> {
        /** Copies the replies. */
        public Stop {
            replies = List.copyOf(replies);
        }
    }
}
