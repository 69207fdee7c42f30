package org.otp4j.server;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * What {@link GenServer#init} returns: OTP's {@code {ok, State}}, {@code ignore} and {@code {stop,
 * Reason}}.
 *
 * @param <S> the server's state
 */
public sealed interface InitResult<S> {
    /**
     * Started, with this state.
     *
     * @param state the initial state
     * @param <S> its type
     * @return the result
     */
    static <S> InitResult<S> ok(S state) {
        return new Ok<>(state, Next.none());
    }

    /**
     * Started, with this state and an action (timeout, hibernate, continue).
     *
     * @param state the initial state
     * @param next what to do first
     * @param <S> its type
     * @return the result
     */
    static <S> InitResult<S> ok(S state, Next next) {
        return new Ok<>(state, Objects.requireNonNull(next, "next"));
    }

    /**
     * Do not start: the process ends normally and the starter gets {@link StartResult.Ignored}.
     *
     * @param <S> the state type
     * @return the result
     */
    static <S> InitResult<S> ignore() {
        return new Ignore<>();
    }

    /**
     * Do not start: the process ends with {@code reason} and the starter gets {@link StartResult.Failed}.
     *
     * @param reason why
     * @param <S> the state type
     * @return the result
     */
    static <S> InitResult<S> stop(ExitReason reason) {
        return new Stop<>(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * See {@link #ok(Object, Next)}.
     *
     * @param state the state
     * @param next the action
     * @param <S> the state type
     */
    record Ok<S>(S state, Next next) implements InitResult<S> {}

    /**
     * See {@link #ignore()}.
     *
     * @param <S> the state type
     */
    record Ignore<S>() implements InitResult<S> {}

    /**
     * See {@link #stop(ExitReason)}.
     *
     * @param reason why
     * @param <S> the state type
     */
    record Stop<S>(ExitReason reason) implements InitResult<S> {}
}
