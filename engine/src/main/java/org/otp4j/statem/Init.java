package org.otp4j.statem;

import java.util.List;
import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * What {@link StateMachine#init} returns: gen_statem's {@code {ok, State, Data, Actions}}, {@code
 * ignore} and {@code {stop, Reason}}.
 *
 * @param <S> the state type
 * @param <D> the data type
 */
public sealed interface Init<S, D> {
    /**
     * Start in {@code state} with {@code data}; a postpone among the actions is ignored (SM3).
     *
     * @param state the initial state
     * @param data the initial data
     * @param actions actions for the first transition
     * @param <S> the state type
     * @param <D> the data type
     * @return the result
     */
    static <S, D> Init<S, D> ok(S state, D data, Action... actions) {
        return new Ok<>(Objects.requireNonNull(state, "state"), data, List.of(actions));
    }

    /**
     * Do not start (no process).
     *
     * @param <S> the state type
     * @param <D> the data type
     * @return the result
     */
    static <S, D> Init<S, D> ignore() {
        return new Ignore<>();
    }

    /**
     * Do not start; the starter gets the reason.
     *
     * @param reason why
     * @param <S> the state type
     * @param <D> the data type
     * @return the result
     */
    static <S, D> Init<S, D> stop(ExitReason reason) {
        return new Stop<>(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * See {@link #ok}.
     *
     * @param state the state
     * @param data the data
     * @param actions the actions
     * @param <S> the state type
     * @param <D> the data type
     */
    record Ok<S, D>(S state, D data, List<Action> actions) implements Init<S, D> {
        /** Copies the actions. */
        public Ok {
            actions = List.copyOf(actions);
        }
    }

    /**
     * See {@link #ignore()}.
     *
     * @param <S> the state type
     * @param <D> the data type
     */
    record Ignore<S, D>() implements Init<S, D> {}

    /**
     * See {@link #stop}.
     *
     * @param reason why
     * @param <S> the state type
     * @param <D> the data type
     */
    record Stop<S, D>(ExitReason reason) implements Init<S, D> {}
}
