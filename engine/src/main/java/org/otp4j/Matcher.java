package org.otp4j;

/**
 * A receive pattern: inspects one message and either takes it (returns a non-null value) or leaves
 * it in the mailbox (returns {@code null}).
 *
 * <p>A matcher runs on the receiving process's thread while the mailbox is scanned from the oldest
 * message, so it must be quick and free of side effects; it may be called again on the same message in
 * a later receive. Pattern-matching {@code switch} reads well here:
 *
 * {@snippet :
 * Pong pong = self.receive(m -> m instanceof Pong p && p.round() == round ? p : null);
 * }
 *
 * @param <R> what a matched message yields
 */
@FunctionalInterface
public interface Matcher<R> {
    /**
     * Inspects a message.
     *
     * @param message a message in the mailbox, never null
     * @return the value to return from the receive, or null to leave the message queued
     */
    R match(Object message);

    /**
     * A matcher that takes the oldest message of the given type.
     *
     * @param type the class the message must be an instance of
     * @param <T> the message type
     * @return the matcher
     */
    static <T> Matcher<T> type(Class<T> type) {
        return m -> type.isInstance(m) ? type.cast(m) : null;
    }

    /** {@return a matcher that takes the oldest message, whatever it is} */
    static Matcher<Object> any() {
        return m -> m;
    }
}
