package org.otp4j.supervisor;

import java.util.List;
import java.util.Objects;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.GenServer;
import org.otp4j.server.StartResult;

/**
 * A dynamic supervisor: Elixir's {@code DynamicSupervisor} (SV9). It starts with no children; children
 * are added with {@link #startChild} and identified by their pids (a spec's id is ignored). It restarts
 * one for one only, with its own restart intensity; {@link Flags#maxChildren()} bounds the number of
 * children and {@link Flags#extraArguments()} go to every child's {@link ChildStart.WithArguments}. On
 * shutdown it stops all children at once (SV2). Children that end and are not restarted are removed.
 */
public final class DynamicSupervisor {
    private DynamicSupervisor() {}

    /**
     * Starts a dynamic supervisor linked to the caller.
     *
     * @param self the starter
     * @param flags one for one; intensity, maxChildren, extraArguments, backoff
     * @return the outcome
     * @throws IllegalArgumentException if the strategy is not one for one, or auto shutdown is set
     */
    public static StartResult startLink(ProcessContext self, Flags flags) {
        return startLink(self, flags, SpawnOptions.defaults());
    }

    /**
     * Starts a linked dynamic supervisor with spawn options.
     *
     * @param self the starter
     * @param flags the flags
     * @param options name, mailbox limit, executor
     * @return the outcome
     * @throws IllegalArgumentException if the strategy is not one for one, or auto shutdown is set
     */
    public static StartResult startLink(ProcessContext self, Flags flags, SpawnOptions options) {
        return GenServer.startLink(self, new SupervisorServer(check(flags), List.of(), true), options);
    }

    /**
     * Starts a dynamic supervisor from host code (not linked).
     *
     * @param node the node
     * @param flags the flags
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    public static StartResult start(Node node, Flags flags, SpawnOptions options) {
        return GenServer.start(node, new SupervisorServer(check(flags), List.of(), true), options);
    }

    /**
     * Starts a child.
     *
     * @param self the caller
     * @param supervisor the dynamic supervisor
     * @param spec the child's spec (its id is ignored)
     * @return started, ignored (nothing is kept), or failed
     * @throws SupervisorException {@link ChildError#MAX_CHILDREN} when the supervisor is full
     */
    public static StartResult startChild(ProcessContext self, Pid supervisor, ChildSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return (StartResult) Supervisor.call(self, supervisor, new SupervisorServer.StartChild(spec));
    }

    /**
     * Starts a child from host code.
     *
     * @param node the node
     * @param supervisor the dynamic supervisor
     * @param spec the child's spec
     * @return the outcome
     */
    public static StartResult startChild(Node node, Pid supervisor, ChildSpec spec) {
        return node.run(self -> startChild(self, supervisor, spec));
    }

    /**
     * Stops a child and removes it.
     *
     * @param self the caller
     * @param supervisor the dynamic supervisor
     * @param child the child's pid
     * @throws SupervisorException {@link ChildError#NOT_FOUND} if it is not a child
     */
    public static void terminateChild(ProcessContext self, Pid supervisor, Pid child) {
        Supervisor.call(
                self, supervisor, new SupervisorServer.TerminateDynamicChild(Objects.requireNonNull(child, "child")));
    }

    /**
     * Lists the children in start order; their ids are {@link ChildInfo#NO_ID}.
     *
     * @param self the caller
     * @param supervisor the dynamic supervisor
     * @return one line per child
     */
    public static List<ChildInfo> whichChildren(ProcessContext self, Pid supervisor) {
        return Supervisor.whichChildren(self, supervisor);
    }

    /**
     * Counts the children.
     *
     * @param self the caller
     * @param supervisor the dynamic supervisor
     * @return the counts
     */
    public static ChildCounts countChildren(ProcessContext self, Pid supervisor) {
        return Supervisor.countChildren(self, supervisor);
    }

    private static Flags check(Flags flags) {
        if (flags == null) {
            throw new IllegalArgumentException("bad supervisor flags: null");
        }
        if (flags.strategy() != Strategy.ONE_FOR_ONE) {
            throw new IllegalArgumentException(
                    "bad supervisor flags: a dynamic supervisor is one_for_one only, got " + flags.strategy());
        }
        if (flags.autoShutdown() != AutoShutdown.NEVER) {
            throw new IllegalArgumentException("bad supervisor flags: a dynamic supervisor has no auto shutdown");
        }
        return flags;
    }
}
