package org.otp4j.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Alias;
import org.otp4j.Down;
import org.otp4j.ExitException;
import org.otp4j.Matcher;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessInfo;
import org.otp4j.Ref;
import org.otp4j.internal.gen.Gen;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;

/**
 * Waiting for agents ({@link Agent}) to finish: Jido's {@code Await}, event-driven throughout. See the
 * package documentation for a worked example and the rules.
 *
 * <p><b>How a wait works.</b> The caller resolves each server reference, checks that the process is an
 * agent (without sending it anything), monitors it and sends it a waiter tagged with a fresh alias. The
 * agent answers at once if the wait is already over, and otherwise as soon as a state change makes it
 * so. The caller blocks in one selective receive for the answers and the monitors' DOWNs, with one
 * deadline for the whole call: nothing polls. On a timeout the caller deactivates its aliases (a late
 * answer is dropped), removes its waiters from the agents, and fails with {@link AwaitException.Timeout}
 * carrying diagnostics. An agent that dies while awaited fails the wait at once with {@link
 * AwaitException.Down}, carrying the reason.
 *
 * <p><b>Server references.</b> A {@link Pid} of this node, a registered name ({@link String}), or a
 * {@link org.otp4j.Name} (local or via a registry). Anything else fails with {@link
 * AwaitException.BadReference}; a reference to no live process with {@link AwaitException.NotFound}; a
 * live process that is not an agent with {@link AwaitException.NotAnAgent}, and it is not touched.
 *
 * <p><b>Callers.</b> Every function takes the calling process's {@link ProcessContext}; the {@link Node}
 * overloads are for host code and run the same function in a temporary process. Timeouts are measured on
 * the node's clock (virtual under the testkit); {@link GenServer#INFINITY} waits for ever; a negative
 * timeout is an {@link IllegalArgumentException}.
 */
public final class Await {
    private Await() {}

    /** The default wait: 10 seconds, as Jido's. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** How long a timed-out wait gives each agent to report its status for the diagnostics. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(100);

    /**
     * The first agent to finish, for {@link #any} and {@link #anySuccess}.
     *
     * @param server the server reference, as given
     * @param completion what it reported
     */
    public record Winner(Object server, Completion completion) {}

    private enum Mode {
        ALL,
        ANY,
        ANY_SUCCESS
    }

    // ---- completion ---------------------------------------------------------------------------

    /**
     * Waits up to {@link #DEFAULT_TIMEOUT} for an agent to reach a terminal status (J1, J2).
     *
     * @param self the caller
     * @param server the agent
     * @return its completion (a failed agent is a completion with status {@code failed})
     * @throws AwaitException timeout (with diagnostics), not found, down, not an agent, bad reference,
     *     bad state
     */
    public static Completion completion(ProcessContext self, Object server) {
        return completion(self, server, DEFAULT_TIMEOUT, AwaitOptions.defaults());
    }

    /**
     * Waits for an agent to reach a terminal status.
     *
     * @param self the caller
     * @param server the agent
     * @param timeout how long to wait
     * @return its completion
     * @throws AwaitException as {@link #completion(ProcessContext, Object)}
     */
    public static Completion completion(ProcessContext self, Object server, Duration timeout) {
        return completion(self, server, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for an agent to finish, reading its state with {@code options}.
     *
     * @param self the caller
     * @param server the agent
     * @param timeout how long to wait
     * @param options paths or accessors, and an optional completion predicate
     * @return its completion
     * @throws AwaitException as {@link #completion(ProcessContext, Object)}
     */
    public static Completion completion(ProcessContext self, Object server, Duration timeout, AwaitOptions options) {
        return (Completion)
                ((List<?>) await(self, Collections.singletonList(server), timeout, options, Mode.ALL)).get(0);
    }

    /**
     * Waits for an agent from host code.
     *
     * @param node the node
     * @param server the agent
     * @param timeout how long to wait
     * @return its completion
     */
    public static Completion completion(Node node, Object server, Duration timeout) {
        return completion(node, server, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for an agent from host code, with options.
     *
     * @param node the node
     * @param server the agent
     * @param timeout how long to wait
     * @param options how to read the state
     * @return its completion
     */
    public static Completion completion(Node node, Object server, Duration timeout, AwaitOptions options) {
        return host(node).run(self -> completion(self, server, timeout, options));
    }

    // ---- all, any, anySuccess -------------------------------------------------------------------

    /**
     * Waits for every agent to finish (J5, J6): one deadline for all; {@code all([])} is an empty list at
     * once.
     *
     * @param self the caller
     * @param servers the agents (a server may appear more than once)
     * @param timeout the one deadline for all of them
     * @return the completions, in the order of {@code servers}
     * @throws AwaitException the first infrastructure error (naming its server), or a timeout with
     *     diagnostics for every agent not yet finished
     */
    public static List<Completion> all(ProcessContext self, List<?> servers, Duration timeout) {
        return all(self, servers, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for every agent to finish, with options.
     *
     * @param self the caller
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the completions, in the order of {@code servers}
     */
    @SuppressWarnings("unchecked")
    public static List<Completion> all(ProcessContext self, List<?> servers, Duration timeout, AwaitOptions options) {
        return (List<Completion>) await(self, servers, timeout, options, Mode.ALL);
    }

    /**
     * Waits for every agent from host code.
     *
     * @param node the node
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the completions, in order
     */
    public static List<Completion> all(Node node, List<?> servers, Duration timeout, AwaitOptions options) {
        return host(node).run(self -> all(self, servers, timeout, options));
    }

    /**
     * Waits for the first agent to finish, failed or not (J7); {@code any([])} times out at once (J5).
     *
     * @param self the caller
     * @param servers the agents
     * @param timeout the one deadline
     * @return the first to finish (if several already are, the first in {@code servers})
     * @throws AwaitException the first infrastructure error, or a timeout
     */
    public static Winner any(ProcessContext self, List<?> servers, Duration timeout) {
        return any(self, servers, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for the first agent to finish, with options.
     *
     * @param self the caller
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the first to finish
     */
    public static Winner any(ProcessContext self, List<?> servers, Duration timeout, AwaitOptions options) {
        return (Winner) await(self, servers, timeout, options, Mode.ANY);
    }

    /**
     * Waits for the first agent to finish, from host code.
     *
     * @param node the node
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the first to finish
     */
    public static Winner any(Node node, List<?> servers, Duration timeout, AwaitOptions options) {
        return host(node).run(self -> any(self, servers, timeout, options));
    }

    /**
     * Waits for the first agent to finish without failing (J7): completions with status {@code failed}
     * are passed over.
     *
     * @param self the caller
     * @param servers the agents
     * @param timeout the one deadline
     * @return the first agent to finish with a status other than {@code failed}
     * @throws AwaitException.NoSuccess if every agent finished and all failed (at once, not at the
     *     deadline)
     * @throws AwaitException the first infrastructure error, or a timeout
     */
    public static Winner anySuccess(ProcessContext self, List<?> servers, Duration timeout) {
        return anySuccess(self, servers, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for the first agent to finish without failing, with options.
     *
     * @param self the caller
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the first success
     */
    public static Winner anySuccess(ProcessContext self, List<?> servers, Duration timeout, AwaitOptions options) {
        return (Winner) await(self, servers, timeout, options, Mode.ANY_SUCCESS);
    }

    /**
     * Waits for the first success, from host code.
     *
     * @param node the node
     * @param servers the agents
     * @param timeout the one deadline
     * @param options how to read the states
     * @return the first success
     */
    public static Winner anySuccess(Node node, List<?> servers, Duration timeout, AwaitOptions options) {
        return host(node).run(self -> anySuccess(self, servers, timeout, options));
    }

    // ---- children -------------------------------------------------------------------------------

    /**
     * Waits for the child tagged {@code tag} of {@code parent} to finish (J8): if the child does not exist
     * yet, the parent answers as soon as it is added (no polling); then the child is awaited as by {@link
     * #completion}. One deadline covers both steps.
     *
     * @param self the caller
     * @param parent the parent agent
     * @param tag the child's tag
     * @param timeout the deadline for the whole wait
     * @return the child's completion
     * @throws AwaitException about the parent (not found, down, ...) while the child is looked for, about
     *     the child once it is awaited; a timeout before the child exists names the parent
     */
    public static Completion child(ProcessContext self, Object parent, Object tag, Duration timeout) {
        return child(self, parent, tag, timeout, AwaitOptions.defaults());
    }

    /**
     * Waits for a tagged child to finish, with options for reading the child's state.
     *
     * @param self the caller
     * @param parent the parent agent
     * @param tag the child's tag
     * @param timeout the deadline for the whole wait
     * @param options how to read the child's state
     * @return the child's completion
     */
    public static Completion child(
            ProcessContext self, Object parent, Object tag, Duration timeout, AwaitOptions options) {
        Objects.requireNonNull(tag, "tag must not be null");
        Objects.requireNonNull(options, "options must not be null");
        long start = self.monotonicTime();
        long deadline = deadline(start, timeout);
        Pid pid = Servers.agent(self, parent);
        Ref monitor = self.monitor(pid);
        Alias alias = self.alias();
        self.send(pid, new Gen.CallMessage(new From(alias), new Protocol.AwaitChild(tag)));
        Matcher<Object> answers =
                m -> (m instanceof Gen.ReplyMessage r && r.tag().equals(alias.ref()))
                                || (m instanceof Down d && d.ref().equals(monitor))
                        ? m
                        : null;
        Optional<Object> answer =
                deadline == Long.MAX_VALUE ? Optional.of(self.receive(answers)) : self.receiveUntil(answers, deadline);
        self.unalias(alias);
        if (answer.isEmpty()) {
            self.demonitor(monitor, true);
            self.send(pid, new Gen.CastMessage(new Protocol.Forget(alias.ref(), null)));
            Duration waited = Duration.ofNanos(self.monotonicTime() - start);
            int mailbox =
                    self.node().info(pid).map(ProcessInfo::messageQueueLength).orElse(-1);
            throw new AwaitException.Timeout(
                    parent,
                    waited,
                    List.of(new AwaitException.Diagnostics(
                            parent,
                            waited,
                            "no child tagged " + tag + " yet",
                            mailbox,
                            "the parent " + Servers.describe(parent, pid) + " never added a child tagged " + tag
                                    + " (AgentContext.startChild or adoptChild); " + mailbox
                                    + " messages are queued at it")),
                    "no child tagged " + tag + " of " + Servers.describe(parent, pid) + " finished within " + timeout
                            + " (it was never started)");
        }
        if (answer.get() instanceof Down down) {
            throw Servers.failure(parent, pid, down.reason());
        }
        self.demonitor(monitor, true);
        Pid child = ((Protocol.ChildFound) ((Gen.ReplyMessage) answer.get()).value()).pid();
        return (Completion) ((List<?>)
                        awaitUntil(self, Collections.singletonList(child), start, deadline, timeout, options, Mode.ALL))
                .get(0);
    }

    /**
     * Waits for a tagged child from host code.
     *
     * @param node the node
     * @param parent the parent agent
     * @param tag the child's tag
     * @param timeout the deadline
     * @param options how to read the child's state
     * @return the child's completion
     */
    public static Completion child(Node node, Object parent, Object tag, Duration timeout, AwaitOptions options) {
        return host(node).run(self -> child(self, parent, tag, timeout, options));
    }

    /**
     * The live children of an agent, by tag (J9).
     *
     * @param self the caller
     * @param parent the agent
     * @return an immutable map, in the order the children were added
     * @throws AwaitException if the parent cannot be reached (not found, down, not an agent, ...)
     */
    @SuppressWarnings("unchecked")
    public static Map<Object, Pid> getChildren(ProcessContext self, Object parent) {
        return (Map<Object, Pid>) Servers.request(self, parent, new Protocol.GetChildren(), GenServer.DEFAULT_TIMEOUT);
    }

    /**
     * The live children of an agent, from host code.
     *
     * @param node the node
     * @param parent the agent
     * @return the children by tag
     */
    public static Map<Object, Pid> getChildren(Node node, Object parent) {
        return host(node).run(self -> getChildren(self, parent));
    }

    /**
     * The live child of an agent tagged {@code tag} (J9).
     *
     * @param self the caller
     * @param parent the agent
     * @param tag the tag
     * @return the child, or empty if no live child holds the tag (Jido's {@code child_not_found})
     * @throws AwaitException if the parent cannot be reached
     */
    public static Optional<Pid> getChild(ProcessContext self, Object parent, Object tag) {
        Objects.requireNonNull(tag, "tag must not be null");
        return Optional.ofNullable(getChildren(self, parent).get(tag));
    }

    /**
     * A tagged child, from host code.
     *
     * @param node the node
     * @param parent the agent
     * @param tag the tag
     * @return the child, if any
     */
    public static Optional<Pid> getChild(Node node, Object parent, Object tag) {
        return host(node).run(self -> getChild(self, parent, tag));
    }

    // ---- alive, cancel --------------------------------------------------------------------------

    /**
     * Whether {@code server} is a live agent that answers a request within 5 seconds (J10). Never throws
     * for any reference: a bad, unknown or dead one, or a process that is not an agent, is false.
     *
     * @param self the caller
     * @param server anything
     * @return true if a live agent answered
     */
    public static boolean alive(ProcessContext self, Object server) {
        try {
            return Servers.request(self, server, new Protocol.Ping(), GenServer.DEFAULT_TIMEOUT)
                    instanceof Protocol.Pong;
        } catch (ExitException e) {
            throw e; // the caller's own death is not an answer about the server
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code server} is a live agent, from host code.
     *
     * @param node the node
     * @param server anything
     * @return true if a live agent answered
     */
    public static boolean alive(Node node, Object server) {
        return host(node).run(self -> alive(self, server));
    }

    /**
     * Asks an agent to cancel, with reason {@code "client_cancelled"} (J11). Advisory: the agent's
     * {@link AgentLogic#handleCancel} decides; wait with {@link #completion} to see what it did.
     *
     * @param self the caller
     * @param server the agent
     * @throws AwaitException not found, not an agent, bad reference
     */
    public static void cancel(ProcessContext self, Object server) {
        cancel(self, server, "client_cancelled");
    }

    /**
     * Asks an agent to cancel, with a reason.
     *
     * @param self the caller
     * @param server the agent
     * @param reason the reason, not null
     * @throws AwaitException not found, not an agent, bad reference
     */
    public static void cancel(ProcessContext self, Object server, Object reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        Pid pid = Servers.agent(self, server);
        self.send(pid, new Gen.CastMessage(new AgentLogic.Cancel(reason)));
    }

    /**
     * Asks an agent to cancel, from host code.
     *
     * @param node the node
     * @param server the agent
     * @param reason the reason, not null
     */
    public static void cancel(Node node, Object server, Object reason) {
        host(node).run(self -> {
            cancel(self, server, reason);
            return null;
        });
    }

    // ---- the wait -------------------------------------------------------------------------------

    private static Node host(Node node) {
        return Objects.requireNonNull(node, "node must not be null");
    }

    private static long deadline(long start, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return Gen.isInfinite(timeout) ? Long.MAX_VALUE : start + timeout.toNanos();
    }

    /** One agent being awaited: its answer comes to {@code alias}, its death through {@code monitor}. */
    private record Waiting(int index, Object server, Pid pid, Ref monitor, Alias alias) {}

    private static Object await(
            ProcessContext self, List<?> servers, Duration timeout, AwaitOptions options, Mode mode) {
        long start = self.monotonicTime();
        return awaitUntil(self, servers, start, deadline(start, timeout), timeout, options, mode);
    }

    private static Object awaitUntil(
            ProcessContext self,
            List<?> servers,
            long start,
            long deadline,
            Duration timeout,
            AwaitOptions options,
            Mode mode) {
        Objects.requireNonNull(servers, "servers must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (servers.isEmpty()) {
            if (mode == Mode.ALL) {
                return List.of(); // J5: nothing to wait for
            }
            throw new AwaitException.Timeout(
                    null, Duration.ZERO, List.of(), "waited for the first of no servers: nothing can finish (J5)");
        }
        Map<Ref, Waiting> byAlias = new LinkedHashMap<>(); // pending, in the order of servers
        Map<Ref, Waiting> byMonitor = new LinkedHashMap<>();
        Completion[] completions = new Completion[servers.size()];
        try {
            for (int i = 0; i < servers.size(); i++) {
                Object server = servers.get(i);
                Pid pid = Servers.agent(self, server); // checked before anything is sent to it
                Ref monitor = self.monitor(pid);
                Alias alias = self.alias();
                Waiting w = new Waiting(i, server, pid, monitor, alias);
                byAlias.put(alias.ref(), w);
                byMonitor.put(monitor, w);
                self.send(pid, new Gen.CallMessage(new From(alias), new Protocol.AwaitCompletion(options)));
            }
            Matcher<Object> answers = m -> (m instanceof Gen.ReplyMessage r && byAlias.containsKey(r.tag()))
                            || (m instanceof Down d && byMonitor.containsKey(d.ref()))
                    ? m
                    : null;
            while (!byAlias.isEmpty()) {
                Optional<Object> answer = deadline == Long.MAX_VALUE
                        ? Optional.of(self.receive(answers))
                        : self.receiveUntil(answers, deadline);
                if (answer.isEmpty()) {
                    throw timedOut(self, byAlias, byMonitor, start, timeout, options);
                }
                if (answer.get() instanceof Down down) {
                    Waiting w = byMonitor.remove(down.ref());
                    byAlias.remove(w.alias().ref());
                    self.unalias(w.alias());
                    throw Servers.failure(w.server(), w.pid(), down.reason()); // J12: at once, with the reason
                }
                Gen.ReplyMessage reply = (Gen.ReplyMessage) answer.get();
                Waiting w = byAlias.remove(reply.tag());
                byMonitor.remove(w.monitor());
                self.unalias(w.alias());
                self.demonitor(w.monitor(), true);
                if (reply.value() instanceof Protocol.Refused refused) {
                    throw new AwaitException.BadState(
                            w.server(),
                            "the state of agent " + Servers.describe(w.server(), w.pid()) + " does not fit " + options
                                    + ": " + refused.problem());
                }
                Completion c = ((Protocol.Done) reply.value()).completion();
                completions[w.index()] = c;
                if (mode == Mode.ANY || (mode == Mode.ANY_SUCCESS && !c.failed())) {
                    return new Winner(w.server(), c);
                }
            }
            if (mode == Mode.ANY_SUCCESS) {
                throw new AwaitException.NoSuccess(
                        Arrays.asList(completions), "every one of " + servers.size() + " agents failed");
            }
            return List.of(completions);
        } finally {
            // the waits not answered: late answers are dropped and the agents forget the waiters
            for (Waiting w : byAlias.values()) {
                self.unalias(w.alias());
                self.demonitor(w.monitor(), true);
                self.send(
                        w.pid(),
                        new Gen.CastMessage(new Protocol.Forget(w.alias().ref(), null)));
            }
        }
    }

    /**
     * J3: removes every pending waiter, asking each agent (within {@link #PROBE_TIMEOUT}, all at once)
     * for its status as it forgets the waiter, and builds the timeout with diagnostics.
     */
    private static AwaitException.Timeout timedOut(
            ProcessContext self,
            Map<Ref, Waiting> byAlias,
            Map<Ref, Waiting> byMonitor,
            long start,
            Duration timeout,
            AwaitOptions options) {
        List<Waiting> pending = new ArrayList<>(byAlias.values());
        Map<Ref, Waiting> probes = new LinkedHashMap<>();
        List<Alias> probeAliases = new ArrayList<>();
        for (Waiting w : pending) {
            self.unalias(w.alias()); // from here on a late completion is dropped
            Alias probe = self.alias();
            probes.put(probe.ref(), w);
            probeAliases.add(probe);
            self.send(
                    w.pid(),
                    new Gen.CallMessage(
                            new From(probe), new Protocol.Forget(w.alias().ref(), options)));
        }
        byAlias.clear(); // forgotten above; nothing left for the cleanup
        Map<Waiting, Protocol.Snapshot> snapshots = new LinkedHashMap<>();
        Map<Waiting, Boolean> ended = new LinkedHashMap<>();
        long probeDeadline = self.monotonicTime() + PROBE_TIMEOUT.toNanos();
        Matcher<Object> probeAnswers = m -> (m instanceof Gen.ReplyMessage r && probes.containsKey(r.tag()))
                        || (m instanceof Down d && byMonitor.containsKey(d.ref()))
                ? m
                : null;
        while (snapshots.size() + ended.size() < pending.size()) {
            Optional<Object> answer = self.receiveUntil(probeAnswers, probeDeadline);
            if (answer.isEmpty()) {
                break;
            }
            if (answer.get() instanceof Down down) {
                Waiting w = byMonitor.remove(down.ref());
                if (!snapshots.containsKey(w)) {
                    ended.put(w, true);
                }
            } else {
                Gen.ReplyMessage r = (Gen.ReplyMessage) answer.get();
                snapshots.put(probes.get(r.tag()), (Protocol.Snapshot) r.value());
            }
        }
        for (Alias probe : probeAliases) {
            self.unalias(probe); // a status that comes later is dropped
        }
        for (Waiting w : pending) {
            if (byMonitor.remove(w.monitor()) != null) {
                self.demonitor(w.monitor(), true);
            }
        }
        Duration waited = Duration.ofNanos(self.monotonicTime() - start);
        List<AwaitException.Diagnostics> diagnostics = new ArrayList<>();
        for (Waiting w : pending) {
            int mailbox = self.node()
                    .info(w.pid())
                    .map(ProcessInfo::messageQueueLength)
                    .orElse(-1);
            Protocol.Snapshot s = snapshots.get(w);
            String status;
            String hint;
            if (ended.containsKey(w) || (s == null && mailbox < 0)) {
                status = "unknown: the agent ended";
                hint = "the agent ended just as the wait gave up";
            } else if (s == null) {
                status = "unknown: no answer within " + PROBE_TIMEOUT;
                hint = "the agent did not report its status within " + PROBE_TIMEOUT
                        + ": it may be busy in a long callback, suspended (sys), or overloaded (" + mailbox
                        + " queued messages)";
            } else if (s.terminal() && options.hasPredicate()) {
                status = s.status();
                hint = "the status is terminal but the custom completion predicate does not hold";
            } else if (mailbox > 0) {
                status = s.status();
                hint = mailbox + " messages are queued at the agent: it may be overloaded or slow";
            } else {
                status = s.status();
                hint = "the agent is idle and its status (" + options.statusWhere() + ") is " + s.status()
                        + ", not completed or failed: has it been sent the signal that finishes it?";
            }
            diagnostics.add(new AwaitException.Diagnostics(w.server(), waited, status, mailbox, hint));
        }
        AwaitException.Diagnostics first = diagnostics.get(0);
        return new AwaitException.Timeout(
                first.server(),
                waited,
                diagnostics,
                (pending.size() == 1
                                ? "agent "
                                        + Servers.describe(
                                                first.server(), pending.get(0).pid())
                                : pending.size() + " agents (first " + first.server() + ")")
                        + " did not finish within " + timeout + "; status " + first.status() + ", "
                        + first.mailboxLength() + " queued messages; hint: " + first.hint());
    }
}
