package org.otp4j.server;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * What {@link GenServer#handleCall} returns: OTP's {@code {reply, ...}}, {@code {noreply, ...}} and
 * {@code {stop, ...}}.
 *
 * @param <S> the server's state
 */
public sealed interface CallResult<S> permits CallResult.Reply, Result.NoReply, Result.Stop, CallResult.StopReply {
    /**
     * Reply now.
     *
     * @param value the reply
     * @param state the new state
     * @param <S> its type
     * @return the result
     */
    static <S> CallResult<S> reply(Object value, S state) {
        return new Reply<>(value, state, Next.none());
    }

    /**
     * Reply now, then an action.
     *
     * @param value the reply
     * @param state the new state
     * @param next timeout, hibernate or continue
     * @param <S> its type
     * @return the result
     */
    static <S> CallResult<S> reply(Object value, S state, Next next) {
        return new Reply<>(value, state, Objects.requireNonNull(next, "next"));
    }

    /**
     * No reply now: answer later with {@link GenServer#reply}.
     *
     * @param state the new state
     * @param <S> its type
     * @return the result
     */
    static <S> CallResult<S> noReply(S state) {
        return new Result.NoReply<>(state, Next.none());
    }

    /**
     * Stop after replying.
     *
     * @param reason the exit reason
     * @param value the reply
     * @param state the state terminate sees
     * @param <S> its type
     * @return the result
     */
    static <S> CallResult<S> stop(ExitReason reason, Object value, S state) {
        return new StopReply<>(Objects.requireNonNull(reason, "reason"), value, state);
    }

    /**
     * Stop without replying (the caller gets the exit reason).
     *
     * @param reason the exit reason
     * @param state the state terminate sees
     * @param <S> its type
     * @return the result
     */
    static <S> CallResult<S> stop(ExitReason reason, S state) {
        return new Result.Stop<>(Objects.requireNonNull(reason, "reason"), state);
    }

    /**
     * See {@link #reply(Object, Object, Next)}.
     *
     * @param value the reply
     * @param state the state
     * @param next the action
     * @param <S> the state type
     */
    record Reply<S>(Object value, S state, Next next) implements CallResult<S> {
        /** Validates the reply. */
        public Reply {
            Objects.requireNonNull(value, "a reply must not be null");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * See {@link #stop(ExitReason, Object, Object)}.
     *
     * @param reason the exit reason
     * @param value the reply
     * @param state the state
     * @param <S> the state type
     */
    record StopReply<S>(ExitReason reason, Object value, S state) implements CallResult<S> {
        /** Validates the reply. */
        public StopReply {
            Objects.requireNonNull(value, "a reply must not be null");
        }
    }
}
