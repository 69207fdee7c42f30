package org.otp4j.spi;

/**
 * The engine operations at which a process reaches a scheduling point: a place where a controlling
 * {@link Scheduler} may let another process run first.
 */
public enum SchedulingPoint {
    /** An activation starts (the process's first step, or a handler woken by a message). */
    START,
    /** A message or exit signal is about to be sent. */
    SEND,
    /** A receive is about to scan the mailbox (or a handler is about to get its next message). */
    RECEIVE,
    /** A process is about to be spawned. */
    SPAWN,
    /** A link or unlink. */
    LINK,
    /** A monitor or demonitor. */
    MONITOR,
    /** The trap-exit flag is about to change. */
    TRAP_EXIT,
    /** A name is about to be registered, unregistered or looked up. */
    REGISTRY,
    /** A timer is about to be started, cancelled or read. */
    TIMER,
    /** The process is about to end: release its name and signal its links and monitors. */
    EXIT
}
