package org.otp4j.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.otp4j.ProcessBody;
import org.otp4j.SpawnOptions;
import org.otp4j.server.GenServer;
import org.otp4j.server.StartResult;

/**
 * What a supervisor needs to know about one child: OTP's child specification. Immutable; the {@code
 * with}-style methods ({@link #restart}, {@link #shutdown}, {@link #type}, {@link #significant}) return
 * a changed copy.
 *
 * <p>Defaults: restart {@link Restart#PERMANENT}; shutdown 5 seconds for a worker and {@link
 * Shutdown#infinity()} for a supervisor (unless set); not significant.
 *
 * {@snippet :
 * ChildSpec cache = ChildSpec.server("cache", CacheServer::new)
 *         .restart(Restart.TRANSIENT)
 *         .shutdown(Shutdown.timeout(Duration.ofSeconds(1)));
 * }
 *
 * <p>A spec is checked when it is handed to a supervisor: ids must be unique within one supervisor, a
 * significant child must be transient or temporary and needs an {@link AutoShutdown} other than {@code
 * NEVER}. Bad values given to the factories fail at once with {@link IllegalArgumentException}.
 */
public final class ChildSpec {
    /** The shutdown of a worker that sets none: 5 seconds, as in OTP. */
    public static final Duration DEFAULT_WORKER_SHUTDOWN = Duration.ofSeconds(5);

    private final Object id;
    private final ChildStart.WithArguments start;
    private final Restart restart;
    private final Shutdown shutdown; // null: the default of the type
    private final ChildType type;
    private final boolean significant;

    private ChildSpec(
            Object id,
            ChildStart.WithArguments start,
            Restart restart,
            Shutdown shutdown,
            ChildType type,
            boolean significant) {
        this.id = id;
        this.start = start;
        this.restart = restart;
        this.shutdown = shutdown;
        this.type = type;
        this.significant = significant;
    }

    private static ChildSpec create(Object id, ChildStart.WithArguments start, ChildType type) {
        if (id == null) {
            throw new IllegalArgumentException("invalid child spec: the id must not be null");
        }
        if (start == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': the start function must not be null");
        }
        return new ChildSpec(id, start, Restart.PERMANENT, null, type, false);
    }

    private static ChildStart.WithArguments ignoringArguments(Object id, ChildStart start) {
        if (start == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': the start function must not be null");
        }
        return (self, extra) -> start.start(self);
    }

    /**
     * A worker started by {@code start}.
     *
     * @param id the child's id, unique within its supervisor (any value with equals; ignored by a dynamic
     *     supervisor)
     * @param start starts the child linked to the supervisor
     * @return the spec
     */
    public static ChildSpec worker(Object id, ChildStart start) {
        return create(id, ignoringArguments(id, start), ChildType.WORKER);
    }

    /**
     * A worker whose start function takes a dynamic supervisor's extra arguments (SV9).
     *
     * @param id the child's id
     * @param start starts the child linked to the supervisor
     * @return the spec
     */
    public static ChildSpec workerWithArguments(Object id, ChildStart.WithArguments start) {
        return create(id, start, ChildType.WORKER);
    }

    /**
     * A child of type supervisor started by {@code start} (default shutdown: infinity).
     *
     * @param id the child's id
     * @param start starts the child supervisor linked to this one
     * @return the spec
     */
    public static ChildSpec supervisor(Object id, ChildStart start) {
        return create(id, ignoringArguments(id, start), ChildType.SUPERVISOR);
    }

    /**
     * A nested supervisor with these flags and children.
     *
     * @param id the child's id
     * @param flags the nested supervisor's flags
     * @param children its children, in start order
     * @return the spec
     */
    public static ChildSpec supervisor(Object id, Flags flags, List<ChildSpec> children) {
        Objects.requireNonNull(flags, "flags must not be null");
        List<ChildSpec> copy = List.copyOf(children);
        Supervisor.check(flags, copy);
        return supervisor(id, self -> Supervisor.startLink(self, flags, copy));
    }

    /**
     * A {@link GenServer} worker: each (re)start calls {@code callbacks} for a fresh callbacks object and
     * starts it with {@link GenServer#startLink}.
     *
     * @param id the child's id
     * @param callbacks makes the server's callbacks
     * @return the spec
     */
    public static ChildSpec server(Object id, Supplier<? extends GenServer<?>> callbacks) {
        return server(id, callbacks, SpawnOptions.defaults());
    }

    /**
     * A {@link GenServer} worker started with options (a name, for instance: it is registered again on
     * every restart).
     *
     * @param id the child's id
     * @param callbacks makes the server's callbacks
     * @param options the spawn options
     * @return the spec
     */
    public static ChildSpec server(Object id, Supplier<? extends GenServer<?>> callbacks, SpawnOptions options) {
        if (callbacks == null || options == null) {
            throw new IllegalArgumentException(
                    "invalid child spec '" + id + "': the callbacks supplier and the options must not be null");
        }
        return worker(id, self -> GenServer.startLink(self, callbacks.get(), options));
    }

    /**
     * A worker process running {@code body}, spawned with {@code spawnLink}.
     *
     * @param id the child's id
     * @param body the process's code
     * @return the spec
     */
    public static ChildSpec process(Object id, ProcessBody body) {
        if (body == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': the process body must not be null");
        }
        return worker(id, self -> new StartResult.Started(self.spawnLink(body)));
    }

    /**
     * A copy with another restart type.
     *
     * @param restart permanent, transient or temporary
     * @return the copy
     */
    public ChildSpec restart(Restart restart) {
        if (restart == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': bad restart type null");
        }
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * A copy with another shutdown.
     *
     * @param shutdown brutal kill, a timeout, or infinity
     * @return the copy
     */
    public ChildSpec shutdown(Shutdown shutdown) {
        if (shutdown == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': bad shutdown null");
        }
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * A copy with another type (which changes the default shutdown).
     *
     * @param type worker or supervisor
     * @return the copy
     */
    public ChildSpec type(ChildType type) {
        if (type == null) {
            throw new IllegalArgumentException("invalid child spec '" + id + "': bad child type null");
        }
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * A copy marked significant (or not) for {@link AutoShutdown} (SV7).
     *
     * @param significant whether the child's own end may shut the supervisor down
     * @return the copy
     */
    public ChildSpec significant(boolean significant) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /** {@return the child's id} */
    public Object id() {
        return id;
    }

    /** {@return the start function} */
    public ChildStart.WithArguments start() {
        return start;
    }

    /** {@return the restart type} */
    public Restart restart() {
        return restart;
    }

    /** {@return the shutdown: the one set, or the type's default} */
    public Shutdown shutdown() {
        if (shutdown != null) {
            return shutdown;
        }
        return type == ChildType.SUPERVISOR ? Shutdown.infinity() : Shutdown.timeout(DEFAULT_WORKER_SHUTDOWN);
    }

    /** {@return worker or supervisor} */
    public ChildType type() {
        return type;
    }

    /** {@return whether the child is significant} */
    public boolean significant() {
        return significant;
    }

    @Override
    public String toString() {
        return "ChildSpec[id=" + id + ", restart=" + restart + ", shutdown=" + shutdown() + ", type=" + type
                + ", significant=" + significant + "]";
    }
}
