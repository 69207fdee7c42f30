package org.otp4j.supervisor;

/** What a child is: a worker, or a supervisor of its own (which changes the default shutdown). */
public enum ChildType {
    /** An ordinary process; default shutdown: 5 seconds. */
    WORKER,
    /** A supervisor; default shutdown: infinity, so that it can stop its own subtree. */
    SUPERVISOR
}
