package org.otp4j.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessInfo;
import org.otp4j.internal.gen.Gen;
import org.otp4j.server.CallException;
import org.otp4j.server.CallTimeoutException;

/** Server references: resolving them (J4), telling agents from other processes, plain requests. */
final class Servers {
    private Servers() {}

    /**
     * Resolves a reference to a pid of this node, alive or not.
     *
     * @throws AwaitException.BadReference for null, a wrong type, an empty name, a foreign or host pid
     * @throws AwaitException.NotFound for a name nobody holds
     */
    static Pid resolve(ProcessContext self, Object server) {
        return switch (server) {
            case null ->
                throw new AwaitException.BadReference(
                        null, "the server reference is null: give a Pid, a registered name (String) or a Name");
            case Pid pid
            when pid.serial() == 0 ->
                throw new AwaitException.BadReference(pid, pid + " is a node's host pid, not a process");
            case Pid pid
            when pid.node() != self.self().node() ->
                throw new AwaitException.BadReference(
                        pid,
                        pid + " belongs to another node (node " + pid.node() + "); this is node "
                                + self.self().node() + " and only its own processes can be awaited");
            case Pid pid -> pid;
            case String name
            when name.isEmpty() -> throw new AwaitException.BadReference(name, "the server name is empty");
            case String name ->
                self.whereis(name)
                        .orElseThrow(() -> new AwaitException.NotFound(
                                name, "no process is registered as '" + name + "' (not found)"));
            case Name name ->
                name.whereis(self.node())
                        .orElseThrow(() -> new AwaitException.NotFound(
                                name, "no process holds the name " + name + " (not found)"));
            default ->
                throw new AwaitException.BadReference(
                        server,
                        "a server reference must be a Pid, a registered name (String) or a Name, got a "
                                + server.getClass().getName() + ": " + server);
        };
    }

    /**
     * Resolves a reference to a live agent.
     *
     * @throws AwaitException.NotFound if it is not alive
     * @throws AwaitException.NotAnAgent if it is alive but not an agent (it is left untouched)
     */
    static Pid agent(ProcessContext self, Object server) {
        Pid pid = resolve(self, server);
        ProcessInfo info = self.node()
                .info(pid)
                .orElseThrow(() -> new AwaitException.NotFound(server, "process " + pid + " is not alive (not found)"));
        if (!Agent.isAgent(info)) {
            throw new AwaitException.NotAnAgent(
                    server,
                    info.initialCall(),
                    describe(server, pid) + " is not an agent: it runs " + info.initialCall()
                            + "; only processes started with Agent.start or Agent.startLink can be awaited");
        }
        return pid;
    }

    /** As {@link #agent}, but an unknown or dead server is empty instead of an error. */
    static Optional<Pid> findAgent(ProcessContext self, Object server) {
        try {
            return Optional.of(agent(self, server));
        } catch (AwaitException.NotFound e) {
            return Optional.empty();
        }
    }

    /** A request answered at once by the agent's wrapper; failures become {@link AwaitException}s. */
    static Object request(ProcessContext self, Object server, Object request, Duration timeout) {
        Pid pid = agent(self, server);
        long start = self.monotonicTime();
        try {
            return Gen.call(self, pid, request, timeout);
        } catch (CallTimeoutException e) {
            Duration waited = Duration.ofNanos(self.monotonicTime() - start);
            int mailbox =
                    self.node().info(pid).map(ProcessInfo::messageQueueLength).orElse(-1);
            throw new AwaitException.Timeout(
                    server,
                    waited,
                    List.of(new AwaitException.Diagnostics(
                            server,
                            waited,
                            "unknown: the agent did not answer",
                            mailbox,
                            "the agent did not answer within " + timeout
                                    + ": it may be busy in a long callback, suspended, or overloaded (" + mailbox
                                    + " queued messages)")),
                    "agent " + describe(server, pid) + " did not answer within " + timeout);
        } catch (CallException e) {
            throw failure(server, pid, e.reason());
        }
    }

    /** The error for an agent that ended (or was gone) while the caller waited on it. */
    static AwaitException failure(Object server, Pid pid, ExitReason reason) {
        if (reason.equals(ExitReason.noproc())) {
            return new AwaitException.NotFound(server, "agent " + describe(server, pid) + " is not alive (not found)");
        }
        return new AwaitException.Down(
                server, reason, "agent " + describe(server, pid) + " ended while awaited: " + reason);
    }

    static String describe(Object server, Pid pid) {
        return server instanceof Pid ? pid.toString() : server + " (" + pid + ")";
    }

    /** Whether {@code e} is the caller's own death, which must never be swallowed. */
    static boolean isOwnExit(RuntimeException e) {
        return e instanceof ExitException;
    }
}
