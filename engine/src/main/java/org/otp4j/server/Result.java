package org.otp4j.server;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * What {@link GenServer#handleCast}, {@link GenServer#handleInfo} and {@link GenServer#handleContinue}
 * return: OTP's {@code {noreply, ...}} and {@code {stop, Reason, State}}.
 *
 * @param <S> the server's state
 */
public sealed interface Result<S> permits Result.NoReply, Result.Stop {
    /**
     * Carry on with this state.
     *
     * @param state the new state
     * @param <S> its type
     * @return the result
     */
    static <S> Result<S> noReply(S state) {
        return new NoReply<>(state, Next.none());
    }

    /**
     * Carry on with this state, then an action.
     *
     * @param state the new state
     * @param next timeout, hibernate or continue
     * @param <S> its type
     * @return the result
     */
    static <S> Result<S> noReply(S state, Next next) {
        return new NoReply<>(state, Objects.requireNonNull(next, "next"));
    }

    /**
     * Stop.
     *
     * @param reason the exit reason
     * @param state the state terminate sees
     * @param <S> its type
     * @return the result
     */
    static <S> Result<S> stop(ExitReason reason, S state) {
        return new Stop<>(Objects.requireNonNull(reason, "reason"), state);
    }

    /**
     * See {@link #noReply(Object, Next)}; also a {@link CallResult}.
     *
     * @param state the state
     * @param next the action
     * @param <S> the state type
     */
    record NoReply<S>(S state, Next next) implements Result<S>, CallResult<S> {
        /** Validates the action. */
        public NoReply {
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * See {@link #stop(ExitReason, Object)}; also a {@link CallResult}.
     *
     * @param reason the exit reason
     * @param state the state
     * @param <S> the state type
     */
    record Stop<S>(ExitReason reason, S state) implements Result<S>, CallResult<S> {
        /** Validates the reason. */
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
