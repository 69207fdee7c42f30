package org.otp4j.await;

import org.otp4j.Pid;
import org.otp4j.Ref;

/** The messages between awaiters and agents. Not an API. */
final class Protocol {
    private Protocol() {}

    /** A completion waiter (sent as a call; answered with {@link Done} or {@link Refused}, maybe later). */
    record AwaitCompletion(AwaitOptions options) {}

    /** A child waiter (sent as a call; answered with {@link ChildFound} as soon as the child exists). */
    record AwaitChild(Object tag) {}

    /** Removes the waiter whose call carried {@code id}; as a call it is answered with a {@link Snapshot}. */
    record Forget(Ref id, AwaitOptions options) {}

    /** Asks for the children (a call, answered with an immutable map). */
    record GetChildren() {}

    /** Asks how many waiters the agent holds (a call, answered with an Integer). */
    record CountWaiters() {}

    /** An alive check (a call, answered with {@link Pong}). */
    record Ping() {}

    /** The answer to {@link Ping}. */
    record Pong() {}

    /** A waiter's answer: the agent is done. */
    record Done(Completion completion) {}

    /** A waiter's answer: the state does not fit the options. */
    record Refused(String problem) {}

    /** A child waiter's answer. */
    record ChildFound(Pid pid) {}

    /**
     * The answer to a {@link Forget} call.
     *
     * @param status the status as read with the waiter's options, or why it could not be read
     * @param terminal whether that status is terminal
     */
    record Snapshot(String status, boolean terminal) {}
}
