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
 */
public record SpawnOptions(Name name, int maxMailbox, Executor executor) {
    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, 0, null);

    /** Validates the options. */
    public SpawnOptions {
        if (maxMailbox < 0) {
            throw new IllegalArgumentException("maxMailbox must be >= 0 (0 means no limit), got " + maxMailbox);
        }
    }

    /** {@return no name, no mailbox limit, the default executor} */
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
        return new SpawnOptions(Name.local(Objects.requireNonNull(name, "name")), maxMailbox, executor);
    }

    /**
     * The same options with a name of either kind.
     *
     * @param name a local name or a via-name; a behaviour started under a taken name reports it as
     *     already started, with the owner
     * @return new options
     */
    public SpawnOptions name(Name name) {
        return new SpawnOptions(Objects.requireNonNull(name, "name"), maxMailbox, executor);
    }

    /** {@return the same options without a name} */
    public SpawnOptions withoutName() {
        return new SpawnOptions(null, maxMailbox, executor);
    }

    /**
     * The same options with a mailbox limit (Erlang's {@code max_heap_size}, in messages).
     *
     * @param limit the most messages that may be queued; 0 for no limit
     * @return new options
     */
    public SpawnOptions maxMailbox(int limit) {
        return new SpawnOptions(name, limit, executor);
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
        return new SpawnOptions(name, maxMailbox, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * The exit reason term of a process whose mailbox exceeded {@link SpawnOptions#maxMailbox()}.
     *
     * @param limit the limit that was exceeded
     */
    public record MailboxOverflow(int limit) {}
}
