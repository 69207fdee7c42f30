package org.otp4j;

/** Thrown when a message is sent to a name that no process holds (Erlang's {@code badarg}). */
public final class NotRegisteredException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param name the name that is not registered
     */
    public NotRegisteredException(String name) {
        super("no process is registered as '" + name + "'");
    }
}
