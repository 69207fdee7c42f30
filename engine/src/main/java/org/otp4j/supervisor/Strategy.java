package org.otp4j.supervisor;

/** How a supervisor restarts its children when one of them ends (SV4). */
public enum Strategy {
    /** Restart only the child that ended. */
    ONE_FOR_ONE,
    /** Stop all other children (reverse start order), then restart all of them (start order). */
    ONE_FOR_ALL,
    /** Stop the children started after the one that ended (reverse order), then restart it and them. */
    REST_FOR_ONE
}
