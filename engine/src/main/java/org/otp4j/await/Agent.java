package org.otp4j.await;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessInfo;
import org.otp4j.SpawnOptions;
import org.otp4j.internal.gen.Gen;
import org.otp4j.server.GenServer;
import org.otp4j.server.StartResult;

/**
 * The agent behaviour: a generic server whose state carries a status, a result and an error, whose
 * children are tagged, and which can be awaited with {@link Await}. The user writes only the {@link
 * AgentLogic}; this behaviour keeps the waiters and the children and answers every waiter as soon as its
 * condition holds.
 *
 * <p>An agent is a {@link GenServer} underneath: names (local and via, through {@link
 * SpawnOptions#name(org.otp4j.Name)}), {@code org.otp4j.sys.Sys} (which reports the logic's state),
 * links and crash reports work as for any server.
 *
 * <p><b>Terminal statuses.</b> A status is terminal when it is {@code "completed"} or {@code "failed"}:
 * a {@link CharSequence} or an {@link Enum} whose text (its {@code name()} for an enum) equals one of
 * those two ignoring case. Anything else, null included, is not terminal. Reaching a terminal status does
 * not end the agent: it keeps running and answers later waiters at once.
 */
public final class Agent {
    private Agent() {}

    /** The status of an agent that finished with a result. */
    public static final String COMPLETED = "completed";

    /** The status of an agent that finished with an error. */
    public static final String FAILED = "failed";

    /**
     * Whether {@code status} is terminal: {@code completed} or {@code failed}, as text or enum name,
     * ignoring case.
     *
     * @param status a status value, may be null
     * @return true if terminal
     */
    public static boolean isTerminal(Object status) {
        String name = statusName(status);
        return COMPLETED.equals(name) || FAILED.equals(name);
    }

    /** The status as lower-case text if it is text or an enum, else null. */
    static String statusName(Object status) {
        return switch (status) {
            case CharSequence text -> text.toString().toLowerCase(Locale.ROOT);
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
            case null, default -> null;
        };
    }

    /**
     * Whether a process is an agent, from its info.
     *
     * @param info a process's info ({@code node.info(pid)})
     * @return true if it was started by this behaviour
     */
    public static boolean isAgent(ProcessInfo info) {
        return AgentServer.class
                .getName()
                .equals(Objects.requireNonNull(info, "info must not be null").initialCall());
    }

    // ---- starting -------------------------------------------------------------------------------

    /**
     * Starts an agent, not linked; blocks until its {@link AgentLogic#init} returns.
     *
     * @param self the starter
     * @param logic the agent's logic
     * @return started, failed, or already started (when the name is taken)
     */
    public static StartResult start(ProcessContext self, AgentLogic<?> logic) {
        return start(self, logic, SpawnOptions.defaults());
    }

    /**
     * Starts an agent with options (a local or via-name registers it before init).
     *
     * @param self the starter
     * @param logic the agent's logic
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    public static StartResult start(ProcessContext self, AgentLogic<?> logic, SpawnOptions options) {
        return GenServer.start(self, server(logic), options);
    }

    /**
     * Starts an agent linked to the caller.
     *
     * @param self the starter
     * @param logic the agent's logic
     * @return the outcome
     */
    public static StartResult startLink(ProcessContext self, AgentLogic<?> logic) {
        return startLink(self, logic, SpawnOptions.defaults());
    }

    /**
     * Starts a linked agent with options.
     *
     * @param self the starter
     * @param logic the agent's logic
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    public static StartResult startLink(ProcessContext self, AgentLogic<?> logic, SpawnOptions options) {
        return GenServer.startLink(self, server(logic), options);
    }

    /**
     * Starts an agent from host code (not linked).
     *
     * @param node the node
     * @param logic the agent's logic
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    public static StartResult start(Node node, AgentLogic<?> logic, SpawnOptions options) {
        Objects.requireNonNull(node, "node must not be null");
        AgentServer<?> server = server(logic);
        return node.run(self -> GenServer.start(self, server, options));
    }

    private static <S> AgentServer<S> server(AgentLogic<S> logic) {
        return new AgentServer<>(Objects.requireNonNull(logic, "logic must not be null"));
    }

    // ---- signals --------------------------------------------------------------------------------

    /**
     * Sends a signal to an agent's {@link AgentLogic#handleSignal} (a cast: it does not wait). A server
     * that is not (or no longer) running is a no-op, as a cast to it is.
     *
     * @param self the sender
     * @param server a {@link Pid}, a registered name ({@link String}) or a {@link org.otp4j.Name}
     * @param signal the signal, an immutable value, not null
     * @throws AwaitException.BadReference if {@code server} cannot name a server
     * @throws AwaitException.NotAnAgent if the process is not an agent
     */
    public static void signal(ProcessContext self, Object server, Object signal) {
        Objects.requireNonNull(signal, "signal must not be null");
        Servers.findAgent(self, server).ifPresent(pid -> self.send(pid, new Gen.CastMessage(signal)));
    }

    /**
     * Sends a signal from host code.
     *
     * @param node the node
     * @param server a {@link Pid}, a registered name or a {@link org.otp4j.Name}
     * @param signal the signal, not null
     */
    public static void signal(Node node, Object server, Object signal) {
        Objects.requireNonNull(node, "node must not be null");
        node.run(self -> {
            signal(self, server, signal);
            return null;
        });
    }

    /**
     * How many waiters (completion and child waits) the agent holds now: a diagnostic, and a way to see
     * that waiters of dead callers and timed-out waiters are removed (J2, J3).
     *
     * @param self the caller
     * @param server the agent
     * @return the number of waiters
     * @throws AwaitException if the server cannot be reached (see {@link Await})
     */
    public static int waiters(ProcessContext self, Object server) {
        return (Integer) Servers.request(self, server, new Protocol.CountWaiters(), GenServer.DEFAULT_TIMEOUT);
    }

    /** Jido's default cancel for a map-shaped state; any other state unchanged. */
    @SuppressWarnings("unchecked")
    static <S> S defaultCancel(AgentLogic.Cancel cancel, S state) {
        if (!(state instanceof Map<?, ?> map)) {
            return state;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.put("status", FAILED);
        copy.put("error", cancel);
        return (S) Collections.unmodifiableMap(copy);
    }
}
