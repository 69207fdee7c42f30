package org.otp4j.supervisor;

/**
 * Whether a supervisor shuts itself down when its significant children end by themselves (SV7): OTP's
 * {@code auto_shutdown}. A child's exit triggers it only when the child ended on its own and is not
 * restarted; {@link Supervisor#terminateChild} never does.
 */
public enum AutoShutdown {
    /** Never; significant children are not allowed. */
    NEVER,
    /** When any significant child ends by itself. */
    ANY_SIGNIFICANT,
    /** When the last significant child still alive ends by itself. */
    ALL_SIGNIFICANT
}
