package org.otp4j.statem;

import java.util.Objects;
import org.otp4j.server.From;

/**
 * The type of an event, as a state machine sees it: gen_statem's {@code {call, From}}, {@code cast},
 * {@code info}, {@code timeout}, {@code state_timeout}, {@code {timeout, Name}}, {@code internal} and
 * {@code enter}.
 */
public sealed interface EventType {
    /**
     * A {@link StateMachine#call}; reply to {@code from}.
     *
     * @param from the caller
     */
    record Call(From from) implements EventType {
        /** Validates the field. */
        public Call {
            Objects.requireNonNull(from, "from");
        }
    }

    /** A {@link StateMachine#cast}. */
    record Cast() implements EventType {}

    /** Any other message. */
    record Info() implements EventType {}

    /** An event timeout fired; the content is the timeout's content. */
    record EventTimeout() implements EventType {}

    /** A state timeout fired. */
    record StateTimeout() implements EventType {}

    /**
     * A named generic timeout fired.
     *
     * @param name the timeout's name
     */
    record GenericTimeout(Object name) implements EventType {
        /** Validates the field. */
        public GenericTimeout {
            Objects.requireNonNull(name, "name");
        }
    }

    /** An event inserted by a {@link Action#nextEvent} action; only actions make these. */
    record Internal() implements EventType {}

    /**
     * A state-enter call (when enabled): the content is the previous state (the same state for the
     * initial enter call and for a repeated state).
     */
    record Enter() implements EventType {}

    /** {@return the cast type} */
    static EventType cast() {
        return new Cast();
    }

    /** {@return the info type} */
    static EventType info() {
        return new Info();
    }

    /** {@return the internal type} */
    static EventType internal() {
        return new Internal();
    }
}
