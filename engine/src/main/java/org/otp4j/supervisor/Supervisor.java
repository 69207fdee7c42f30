package org.otp4j.supervisor;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.GenServer;
import org.otp4j.server.StartResult;

/**
 * A supervisor: OTP's {@code supervisor}, started with its flags and child specs (as Elixir's {@code
 * Supervisor.start_link(children, opts)}). It is a {@link GenServer} that traps exits: starting, names
 * (local and via), {@code sys} and calls work as for any server. See the package documentation for the
 * rules and a worked example.
 *
 * <p>Client functions are calls to the supervisor and wait without a timeout (as OTP's); they fail with
 * {@link org.otp4j.server.CallException} if the supervisor is not alive, and with {@link
 * SupervisorException} when it refuses the request.
 */
public final class Supervisor {
    private Supervisor() {}

    // ---- starting ------------------------------------------------------------------------------

    /**
     * Starts a supervisor linked to the caller; returns once every child has started (SV1).
     *
     * @param self the starter, which becomes the supervisor's parent
     * @param flags strategy, intensity and the rest
     * @param children the child specs, in start order
     * @return started; or failed with {@code shutdown(FailedToStartChild(id, reason))} when a child did
     *     not start (the children started before it are stopped first); or already started (name taken)
     * @throws IllegalArgumentException naming the problem if a spec is invalid (SV8)
     */
    public static StartResult startLink(ProcessContext self, Flags flags, List<ChildSpec> children) {
        return startLink(self, flags, children, SpawnOptions.defaults());
    }

    /**
     * Starts a linked supervisor with spawn options (a name, for instance).
     *
     * @param self the starter
     * @param flags the flags
     * @param children the child specs, in start order
     * @param options name, mailbox limit, executor
     * @return the outcome
     * @throws IllegalArgumentException naming the problem if a spec is invalid
     */
    public static StartResult startLink(
            ProcessContext self, Flags flags, List<ChildSpec> children, SpawnOptions options) {
        List<ChildSpec> specs = checked(flags, children);
        return GenServer.startLink(self, new SupervisorServer(flags, specs, false), options);
    }

    /**
     * Starts a supervisor that is not linked to the caller.
     *
     * @param self the starter
     * @param flags the flags
     * @param children the child specs, in start order
     * @param options name, mailbox limit, executor
     * @return the outcome
     * @throws IllegalArgumentException naming the problem if a spec is invalid
     */
    public static StartResult start(ProcessContext self, Flags flags, List<ChildSpec> children, SpawnOptions options) {
        List<ChildSpec> specs = checked(flags, children);
        return GenServer.start(self, new SupervisorServer(flags, specs, false), options);
    }

    /**
     * Starts a supervisor from host code (not linked).
     *
     * @param node the node
     * @param flags the flags
     * @param children the child specs, in start order
     * @param options name, mailbox limit, executor
     * @return the outcome
     * @throws IllegalArgumentException naming the problem if a spec is invalid
     */
    public static StartResult start(Node node, Flags flags, List<ChildSpec> children, SpawnOptions options) {
        List<ChildSpec> specs = checked(flags, children);
        return GenServer.start(node, new SupervisorServer(flags, specs, false), options);
    }

    /**
     * Stops a supervisor with reason {@code normal}: its children stop first, in reverse start order.
     *
     * @param self the caller
     * @param supervisor the supervisor
     */
    public static void stop(ProcessContext self, Pid supervisor) {
        GenServer.stop(self, supervisor, ExitReason.normal(), GenServer.INFINITY);
    }

    // ---- client functions (SV8) ----------------------------------------------------------------

    /**
     * Adds a child and starts it.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @param spec the child's spec
     * @return started; ignored (the spec is kept); failed (the spec is not kept; an invalid spec also
     *     fails); already started if a child with this id runs
     * @throws SupervisorException {@link ChildError#ALREADY_PRESENT} if a child with this id exists but
     *     does not run
     */
    public static StartResult startChild(ProcessContext self, Pid supervisor, ChildSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return (StartResult) call(self, supervisor, new SupervisorServer.StartChild(spec));
    }

    /**
     * Adds and starts a child from host code.
     *
     * @param node the node
     * @param supervisor the supervisor
     * @param spec the child's spec
     * @return see {@link #startChild(ProcessContext, Pid, ChildSpec)}
     */
    public static StartResult startChild(Node node, Pid supervisor, ChildSpec spec) {
        return node.run(self -> startChild(self, supervisor, spec));
    }

    /**
     * Stops a child (by its shutdown) and keeps its spec, unless the child is temporary. The child is
     * not restarted and the stop does not count towards the restart intensity.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @param id the child's id
     * @throws SupervisorException {@link ChildError#NOT_FOUND}
     */
    public static void terminateChild(ProcessContext self, Pid supervisor, Object id) {
        call(self, supervisor, new SupervisorServer.TerminateChild(Objects.requireNonNull(id, "id")));
    }

    /**
     * Starts again a child that has a spec but no process.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @param id the child's id
     * @return started, ignored or failed
     * @throws SupervisorException {@link ChildError#NOT_FOUND}, {@link ChildError#RUNNING} or {@link
     *     ChildError#RESTARTING}
     */
    public static StartResult restartChild(ProcessContext self, Pid supervisor, Object id) {
        return (StartResult)
                call(self, supervisor, new SupervisorServer.RestartChild(Objects.requireNonNull(id, "id")));
    }

    /**
     * Removes the spec of a child that does not run.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @param id the child's id
     * @throws SupervisorException {@link ChildError#NOT_FOUND}, {@link ChildError#RUNNING} or {@link
     *     ChildError#RESTARTING}
     */
    public static void deleteChild(ProcessContext self, Pid supervisor, Object id) {
        call(self, supervisor, new SupervisorServer.DeleteChild(Objects.requireNonNull(id, "id")));
    }

    /**
     * Lists the children in start order.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @return one line per child spec
     */
    @SuppressWarnings("unchecked")
    public static List<ChildInfo> whichChildren(ProcessContext self, Pid supervisor) {
        return (List<ChildInfo>) call(self, supervisor, new SupervisorServer.WhichChildren());
    }

    /**
     * Lists the children from host code.
     *
     * @param node the node
     * @param supervisor the supervisor
     * @return one line per child spec
     */
    public static List<ChildInfo> whichChildren(Node node, Pid supervisor) {
        return node.run(self -> whichChildren(self, supervisor));
    }

    /**
     * Counts the children.
     *
     * @param self the caller
     * @param supervisor the supervisor
     * @return specs, active processes, supervisors and workers
     */
    public static ChildCounts countChildren(ProcessContext self, Pid supervisor) {
        return (ChildCounts) call(self, supervisor, new SupervisorServer.CountChildren());
    }

    /**
     * Counts the children from host code.
     *
     * @param node the node
     * @param supervisor the supervisor
     * @return the counts
     */
    public static ChildCounts countChildren(Node node, Pid supervisor) {
        return node.run(self -> countChildren(self, supervisor));
    }

    // ---- shared ----------------------------------------------------------------------------------

    static Object call(ProcessContext self, Pid supervisor, Object request) {
        Objects.requireNonNull(supervisor, "supervisor must not be null");
        Object reply = GenServer.call(self, supervisor, request, GenServer.INFINITY);
        if (reply instanceof SupervisorServer.Refusal r) {
            throw new SupervisorException(r.error(), r.message());
        }
        return reply;
    }

    private static List<ChildSpec> checked(Flags flags, List<ChildSpec> children) {
        if (flags == null) {
            throw new IllegalArgumentException("bad supervisor flags: null");
        }
        if (children == null) {
            throw new IllegalArgumentException("invalid child specs: the list must not be null");
        }
        if (children.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("invalid child specs: the list contains null");
        }
        List<ChildSpec> copy = List.copyOf(children);
        check(flags, copy);
        return copy;
    }

    /** Checks a supervisor's flags and child specs; throws naming the first problem found. */
    static void check(Flags flags, List<ChildSpec> children) {
        if (flags.maxChildren() != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad supervisor flags: maxChildren applies to a DynamicSupervisor only");
        }
        if (!flags.extraArguments().isEmpty()) {
            throw new IllegalArgumentException(
                    "bad supervisor flags: extraArguments apply to a DynamicSupervisor only");
        }
        Set<Object> ids = new HashSet<>();
        for (ChildSpec spec : children) {
            if (!ids.add(spec.id())) {
                throw new IllegalArgumentException("invalid child specs: duplicate child id '" + spec.id() + "'");
            }
            checkSpec(flags, spec);
        }
    }

    /** Checks one spec against the supervisor's flags. */
    static void checkSpec(Flags flags, ChildSpec spec) {
        if (spec.significant()) {
            if (spec.restart() == Restart.PERMANENT) {
                throw new IllegalArgumentException("invalid child spec '" + spec.id()
                        + "': a permanent child cannot be significant (make it transient or temporary)");
            }
            if (flags.autoShutdown() == AutoShutdown.NEVER) {
                throw new IllegalArgumentException("invalid child spec '" + spec.id()
                        + "': a significant child needs autoShutdown ANY_SIGNIFICANT or ALL_SIGNIFICANT, not NEVER");
            }
        }
    }
}
