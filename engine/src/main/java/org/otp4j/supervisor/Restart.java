package org.otp4j.supervisor;

/**
 * When a supervisor restarts a child that ended (SV3): OTP's {@code permanent}, {@code transient} and
 * {@code temporary}.
 */
public enum Restart {
    /** Always restarted, whatever the reason. */
    PERMANENT,
    /**
     * Restarted only after an abnormal exit: not after {@code normal}, {@code shutdown} or {@code
     * shutdown(term)}.
     */
    TRANSIENT,
    /**
     * Never restarted; its spec is removed as soon as it ends, also when a one-for-all or rest-for-one
     * restart takes it down.
     */
    TEMPORARY;

    /**
     * Whether a child of this restart type that ended with {@code reason} is restarted.
     *
     * @param reason how the child ended
     * @return true if the supervisor restarts it
     */
    public boolean restartsAfter(org.otp4j.ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isQuiet();
            case TEMPORARY -> false;
        };
    }
}
