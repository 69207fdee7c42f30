package org.otp4j;

/*
 * Overview: signals travel from a sender to a receiver's inbox (a lock-free LIFO stack, see
 * ProcessCell). A node is pushed once and then owned by the receiver, which reverses each drained batch
 * into arrival order and reuses Message nodes as the links of its private message queue, so a message
 * costs one node allocation end to end.
 */

/** A node of a process's inbox: a message or a control signal. */
abstract class Signal {
    Signal next; // towards older signals while in the inbox; towards newer ones in the message queue
    int depth; // inbox signals at and below this node when it was pushed (mailbox-limit accounting)
}

/** An ordinary message. */
class Message extends Signal {
    final Object payload;

    Message(Object payload) {
        this.payload = payload;
    }
}

/** The message of a keyed timer: received only while its timer is still the key's current one. */
final class KeyedMessage extends Message {
    final Object key;
    final Object token; // the KeyedTimer that sent it; stale once the key maps to another token

    KeyedMessage(Object payload, Object key, Object token) {
        super(payload);
        this.key = key;
        this.token = token;
    }
}

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
