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
