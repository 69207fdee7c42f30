package org.otp4j;

/**
 * The code of an activation-driven process: called once per message, in mailbox order, and holds no
 * thread while the mailbox is empty.
 *
 * <p>When a message arrives for an idle process, the engine starts an <em>activation</em>: a run on the
 * process's executor that hands the handler every queued message and ends when the mailbox is empty. An
 * idle process therefore costs only its heap objects, which is what lets a node hold a million idle
 * servers. Inside {@code handle} the full {@link ProcessContext} is available, blocking included (a
 * selective {@code receive} for a reply scans the messages that are still queued); on a custom
 * executor, blocking holds that executor's thread.
 *
 * <p>By default activations run on the node's pooled virtual threads: a worker thread runs one
 * activation after another, of whichever processes have messages, and a handler that blocks parks only
 * its worker while others take the rest. So a handler may block anywhere, but the thread it runs on is
 * not its own: keep no state in {@code ThreadLocal}s (use the handler's fields), and do not rely on the
 * thread's identity from one message to the next. A process spawned with {@link
 * SpawnOptions#callerRuns(boolean)} may also have a message handled on the thread of a process that
 * called it and waits for the reply.
 *
 * <p>The process lives until a handler calls {@link ProcessContext#exit(ExitReason)}, throws, or is
 * killed by an exit signal.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Runs once, in the first activation, before any message is handled.
     *
     * @param self the process's handle on the engine
     * @throws Exception ends the process with that exception as reason
     */
    default void started(ProcessContext self) throws Exception {}

    /**
     * Handles one message.
     *
     * @param self the process's handle on the engine
     * @param message the oldest message in the mailbox
     * @throws Exception ends the process with that exception as reason
     */
    void handle(ProcessContext self, Object message) throws Exception;
}
