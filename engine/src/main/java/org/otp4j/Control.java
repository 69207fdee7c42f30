package org.otp4j;

/** A control signal: link, unlink, exit, monitor, demonitor, down, or a mailbox overflow. */
final class Control extends Signal {
    static final int LINK = 1;
    static final int UNLINK = 2;
    static final int EXIT_LINK = 3; // a linked process ended; acted on only while the link exists
    static final int EXIT = 4; // exit(pid, reason)
    static final int MONITOR = 5; // a = Ref
    static final int DEMONITOR = 6; // a = Ref
    static final int DOWN = 7; // a = Ref
    static final int OVERFLOW = 8; // a = the limit; untrappable

    final int kind;
    final Pid from;
    final Object ref; // the monitor Ref, or the limit for OVERFLOW
    final ExitReason reason; // EXIT_LINK, EXIT, DOWN

    Control(int kind, Pid from, Object ref, ExitReason reason) {
        this.kind = kind;
        this.from = from;
        this.ref = ref;
        this.reason = reason;
    }

    /** Whether this signal need not wake an idle or waiting receiver (see ProcessCell, quiet signals). */
    boolean quiet() {
        return kind == MONITOR || kind == DEMONITOR;
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case LINK -> "link";
            case UNLINK -> "unlink";
            case EXIT_LINK -> "exit(link)";
            case EXIT -> "exit";
            case MONITOR -> "monitor";
            case DEMONITOR -> "demonitor";
            case DOWN -> "down";
            default -> "overflow";
        };
        return name + "(" + from + (reason == null ? "" : ", " + reason) + ")";
    }
}
