package org.otp4j;

/** Thrown when a name is registered twice, or a process that already has a name is given another. */
public final class AlreadyRegisteredException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Pid owner;

    /**
     * Creates the exception.
     *
     * @param message what was refused
     * @param owner the process that holds the name (or the process that already has one)
     */
    public AlreadyRegisteredException(String message, Pid owner) {
        super(message);
        this.owner = owner;
    }

    /** {@return the process that holds the name, or the process that already had a name} */
    public Pid owner() {
        return owner;
    }
}
