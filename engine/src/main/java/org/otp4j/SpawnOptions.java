package org.otp4j;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Options for spawning a process, Erlang's {@code spawn_opt}: an immutable value built fluently from
 * {@link #defaults()}.
 *
 * {@snippet :
 * Pid worker = node.spawn(body, SpawnOptions.defaults().name("worker").maxMailbox(10_000));
 * }
 *
 * @param name a name for the new process, or null for none: a {@link Name.Local} is registered before
 *     the process runs; a {@link Name.Via} is taken by a behaviour itself before its init (plain
 *     {@code spawn} rejects one)
 * @param maxMailbox the most messages the process may have queued; when a send would exceed it the
 *     process is ended with reason {@link MailboxOverflow} (0 means no limit)
 * @param executor where activations of a {@link MessageHandler} process run, or null for the node's
 *     pooled virtual threads; ignored for a {@link ProcessBody}, which always has its own virtual
 *     thread
 * @param callerRuns whether a process calling this handler process may run the call on its own thread
 *     (see {@link #callerRuns(boolean)}); false by default
 */
public record SpawnOptions(Name name, int maxMailbox, Executor executor, boolean callerRuns) {
    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, 0, null, false);

    /** Validates the options. */
    public SpawnOptions {
        if (maxMailbox < 0) {
            throw new IllegalArgumentException("maxMailbox must be >= 0 (0 means no limit), got " + maxMailbox);
        }
    }

    /**
     * Options without {@code callerRuns}.
     *
     * @param name a name, or null
     * @param maxMailbox the mailbox limit, 0 for none
     * @param executor an executor for a handler's activations, or null
     */
    public SpawnOptions(Name name, int maxMailbox, Executor executor) {
        this(name, maxMailbox, executor, false);
    }

    /** {@return no name, no mailbox limit, the default executor, callers never run the process} */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The same options with a registered name.
     *
     * @param name the name; the spawn fails with {@link AlreadyRegisteredException} if it is taken
     * @return new options
     */
    public SpawnOptions name(String name) {
        return new SpawnOptions(Name.local(Objects.requireNonNull(name, "name")), maxMailbox, executor, callerRuns);
    }

    /**
     * The same options with a name of either kind.
     *
     * @param name a local name or a via-name; a behaviour started under a taken name reports it as
     *     already started, with the owner
     * @return new options
     */
    public SpawnOptions name(Name name) {
        return new SpawnOptions(Objects.requireNonNull(name, "name"), maxMailbox, executor, callerRuns);
    }

    /** {@return the same options without a name} */
    public SpawnOptions withoutName() {
        return new SpawnOptions(null, maxMailbox, executor, callerRuns);
    }

    /**
     * The same options with a mailbox limit (Erlang's {@code max_heap_size}, in messages).
     *
     * @param limit the most messages that may be queued; 0 for no limit
     * @return new options
     */
    public SpawnOptions maxMailbox(int limit) {
        return new SpawnOptions(name, limit, executor, callerRuns);
    }

    /**
     * The same options with an executor for the activations of a {@link MessageHandler} process.
     *
     * @param executor runs each activation on one of its own threads, never on the caller's (so not
     *     {@code Runnable::run}): a send would otherwise run the receiver inside the sender. The engine
     *     never submits two activations of one process at once. If the executor rejects an activation,
     *     it runs on the node's pooled virtual threads instead.
     * @return new options
     */
    public SpawnOptions executor(Executor executor) {
        return new SpawnOptions(name, maxMailbox, Objects.requireNonNull(executor, "executor"), callerRuns);
    }

    /**
     * The same options, letting callers run this handler process or not (off by default).
     *
     * <p>With it on, a process that calls this one ({@code GenServer.call}, {@code StateMachine.call}) and
     * finds it idle runs its next activation on its own thread instead of waking a thread to run it and
     * then parking until the reply comes: the caller would only wait, and the call costs no thread switch
     * at all; nor a monitor, which the caller sets only if the reply is not there once the process has run
     * (benchmark B9: about a seventh of the time of a call to a server without the option). That activation
     * handles one message, the caller's request (or one that came before it), and leaves anything more to
     * the node's threads; whatever the process does for that one message runs there too (a state
     * machine's call that changes state also handles the events postponed until then). Requests of
     * {@code Sys} are never run this way.
     *
     * <p>The price is that, while the caller's thread runs that message, the caller is busy: its call
     * timeout does not run (a reply made there is taken even if the message took longer than the
     * timeout; without one, the timeout starts when the message is done), exit signals to it, a kill
     * included, take effect only once the message is handled, and it shows as running, not waiting. The
     * process's code runs on the caller's stack: it sees the caller's {@code ThreadLocal}s, and a lock the
     * caller holds is re-entered, not waited for, if the process takes it (so never call while holding a
     * lock such a process takes). So turn it on only for a process whose callbacks are short, never
     * block (no I/O, no sleeping, no calls to other processes that might) and take no locks a caller may
     * hold: then nobody can tell the difference, except by speed. Ignored for a process with an {@link
     * #executor(Executor) executor}, for a {@link ProcessBody}, for callers on an executor of their own,
     * and under the testkit's controlled scheduler (whose runs are the same with or without it).
     *
     * {@snippet :
     * Pid counter = GenServer.start(node, new Counter(), SpawnOptions.defaults().callerRuns(true)).pid();
     * }
     *
     * @param on whether callers may run the process
     * @return new options
     */
    public SpawnOptions callerRuns(boolean on) {
        return new SpawnOptions(name, maxMailbox, executor, on);
    }

    /**
     * The exit reason term of a process whose mailbox exceeded {@link SpawnOptions#maxMailbox()}.
     *
     * @param limit the limit that was exceeded
     */
    public record MailboxOverflow(int limit) {}
}
