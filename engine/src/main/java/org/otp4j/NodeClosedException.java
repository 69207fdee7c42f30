package org.otp4j;

/** Thrown by any operation on a {@link Node} that has been closed. */
public final class NodeClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param node the name of the closed node
     */
    public NodeClosedException(String node) {
        super("node '" + node + "' is closed");
    }
}
