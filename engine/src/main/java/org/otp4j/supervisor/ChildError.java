package org.otp4j.supervisor;

/** Why a supervisor refused a client request: OTP's error atoms, carried by {@link SupervisorException}. */
public enum ChildError {
    /** No child with that id (or pid). */
    NOT_FOUND,
    /** The child is running, so it cannot be restarted or deleted. */
    RUNNING,
    /** The child is waiting for a (delayed) restart, so it cannot be restarted or deleted now. */
    RESTARTING,
    /** A child with that id exists but is not running; restart it or delete it first. */
    ALREADY_PRESENT,
    /** A dynamic supervisor already has {@code maxChildren} children. */
    MAX_CHILDREN,
    /** The request does not apply to this kind of supervisor (an id on a dynamic one, or the reverse). */
    NOT_SUPPORTED
}
