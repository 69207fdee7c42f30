package org.otp4j;

/** What a process is doing, as {@link ProcessInfo#status()} reports it. */
public enum ProcessStatus {
    /** Running code, or about to. */
    RUNNING,
    /** Blocked in a receive, holding its thread. */
    WAITING,
    /** An activation-driven process with an empty mailbox: no thread held. */
    IDLE,
    /** Ending: its name is released and its links and monitors are being told. */
    EXITING
}
