package org.otp4j.statem;

import java.time.Duration;
import java.util.Objects;
import org.otp4j.server.From;

/**
 * A transition action, gen_statem's {@code action()}: replies, postpone, inserted events, timeouts and
 * hibernate. Actions run in list order; a later action of the same kind overrides an earlier one.
 */
public sealed interface Action {
    /**
     * Replies to a call.
     *
     * @param from the caller
     * @param value the reply
     * @return the action
     */
    static Action reply(From from, Object value) {
        return new Reply(from, value);
    }

    /** {@return postpone the current event until the state changes} */
    static Action postpone() {
        return Postpone.INSTANCE;
    }

    /**
     * Inserts an event ahead of every queued one.
     *
     * @param type any event type ({@link EventType#internal()} is only made this way)
     * @param content the event's content
     * @return the action
     */
    static Action nextEvent(EventType type, Object content) {
        return new NextEvent(type, content);
    }

    /**
     * Starts the event timeout (any event cancels it); {@code null} time means infinity (none).
     *
     * @param time the delay
     * @param content the timeout event's content
     * @return the action
     */
    static Action eventTimeout(Duration time, Object content) {
        return new Timeout(Kind.EVENT, null, time, null, content, false);
    }

    /**
     * Starts (or restarts) the state timeout (a state change cancels it); {@code null} means cancel.
     *
     * @param time the delay
     * @param content the timeout event's content
     * @return the action
     */
    static Action stateTimeout(Duration time, Object content) {
        return new Timeout(Kind.STATE, null, time, null, content, false);
    }

    /**
     * Starts (or restarts) a named generic timeout (survives state changes).
     *
     * @param name the timeout's name
     * @param time the delay
     * @param content the timeout event's content
     * @return the action
     */
    static Action genericTimeout(Object name, Duration time, Object content) {
        return new Timeout(Kind.GENERIC, Objects.requireNonNull(name, "name"), time, null, content, false);
    }

    /**
     * Starts a timeout at an absolute time on the node's monotonic clock.
     *
     * @param kind which timeout
     * @param name the name, for a generic timeout (else null)
     * @param deadlineNanos when it fires
     * @param content the event's content
     * @return the action
     */
    static Action timeoutAt(Kind kind, Object name, long deadlineNanos, Object content) {
        return new Timeout(kind, name, null, deadlineNanos, content, false);
    }

    /**
     * Changes the content of a running timeout; if none runs, the timeout event is queued as if started
     * with time 0.
     *
     * @param kind which timeout
     * @param name the name, for a generic timeout (else null)
     * @param content the new content
     * @return the action
     */
    static Action updateTimeout(Kind kind, Object name, Object content) {
        return new Timeout(kind, name, null, null, content, true);
    }

    /**
     * Cancels a timeout.
     *
     * @param kind which timeout
     * @param name the name, for a generic timeout (else null)
     * @return the action
     */
    static Action cancelTimeout(Kind kind, Object name) {
        return new Timeout(kind, name, null, null, null, false);
    }

    /** {@return hibernate: accepted for parity; a machine holds no thread between events anyway} */
    static Action hibernate() {
        return Hibernate.INSTANCE;
    }

    /** The three kinds of timeout. */
    enum Kind {
        /** Cancelled by any event. */
        EVENT,
        /** Cancelled by a state change. */
        STATE,
        /** Named; survives state changes. */
        GENERIC
    }

    /**
     * See {@link #reply}.
     *
     * @param from the caller
     * @param value the reply
     */
    record Reply(From from, Object value) implements Action {
        /** Validates the fields. */
        public Reply {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(value, "a reply must not be null");
        }
    }

    /** See {@link #postpone()}. */
    enum Postpone implements Action {
        /** The only instance. */
        INSTANCE
    }

    /**
     * See {@link #nextEvent}.
     *
     * @param type the event type
     * @param content the content
     */
    record NextEvent(EventType type, Object content) implements Action {
        /** Validates the fields. */
        public NextEvent {
            Objects.requireNonNull(type, "event type");
            Objects.requireNonNull(content, "event content");
        }
    }

    /**
     * A timeout start, restart, update or cancel.
     *
     * @param kind which timeout
     * @param name the generic timeout's name, else null
     * @param time the delay; null with a null deadline and not an update: cancel (infinity)
     * @param deadline an absolute deadline instead of a delay, or null
     * @param content the timeout event's content
     * @param update change the content only
     */
    record Timeout(Kind kind, Object name, Duration time, Long deadline, Object content, boolean update)
            implements Action {
        /** Validates the fields. */
        public Timeout {
            Objects.requireNonNull(kind, "timeout kind");
            if (kind == Kind.GENERIC) {
                Objects.requireNonNull(name, "a generic timeout needs a name");
            }
            if (time != null && time.isNegative()) {
                throw new IllegalArgumentException("a timeout must not be negative, got " + time);
            }
            if ((time != null || deadline != null || update) && content == null) {
                throw new NullPointerException("a timeout's content must not be null");
            }
        }
    }

    /** See {@link #hibernate()}. */
    enum Hibernate implements Action {
        /** The only instance. */
        INSTANCE
    }
}
