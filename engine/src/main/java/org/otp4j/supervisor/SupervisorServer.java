package org.otp4j.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;
import org.otp4j.server.StartResult;

/**
 * The callbacks of a supervisor: a {@link GenServer} that traps exits, as OTP's supervisor is a
 * gen_server. One class serves both {@link Supervisor} and {@link DynamicSupervisor}.
 */
final class SupervisorServer implements GenServer<SupervisorServer> {
    /*
     * Overview. The children list is in start order; stopping walks it backwards (SV2). A child is in
     * one of three states: running (pid != null), restarting (waiting for a delayed or retried restart),
     * or undefined (neither). Every link EXIT from a child arrives in handleInfo; EXITs from pids that
     * are no longer children (a stale EXIT of a child already shut down or replaced) are ignored.
     *
     * Races. Shutting a child down first monitors it; if its EXIT is already queued it died by itself,
     * and that is its real reason (SV6). Otherwise the shutdown signal goes out while the link still
     * holds, so a supervisor killed in the middle still takes the child with it (no orphan keeps running
     * under a name), and the child's EXIT, sent before its DOWN, is taken from the mailbox once the DOWN
     * is here: its reason is the real one, and a child that crashes while a one-for-all restart stops its
     * siblings is handled once, never restarted twice. Delayed restarts are keyed timers, so
     * terminating or deleting a child cancels its pending restart for good (T2).
     */

    static final System.Logger LOG = System.getLogger("org.otp4j.supervisor");

    // ---- requests (client -> supervisor) ---------------------------------------------------------

    record StartChild(ChildSpec spec) {}

    record TerminateChild(Object id) {}

    record TerminateDynamicChild(Pid pid) {}

    record RestartChild(Object id) {}

    record DeleteChild(Object id) {}

    record WhichChildren() {}

    record CountChildren() {}

    /** A refusal, thrown again in the caller as a {@link SupervisorException}. */
    record Refusal(ChildError error, String message) {}

    /** The key of a child's pending restart timer. */
    record RestartKey(Ref group) {}

    /**
     * A pending restart of these children (keys), fired by the timer under {@link RestartKey}: only the
     * members still waiting for this very timer are restarted, so a stale timer does nothing.
     */
    record RestartNow(Ref timer, List<Object> group) {}

    /** One child. */
    static final class Child {
        final Object key; // the spec's id; a fresh Ref for a dynamic supervisor's child
        final ChildSpec spec;
        Pid pid; // null unless running
        boolean restarting; // waiting for a restart
        Ref restartTimer; // the pending restart timer this child waits for, or null
        int attempt; // consecutive restarts, for the backoff
        long startedAt; // monotonic time of the last start

        Child(Object key, ChildSpec spec) {
            this.key = key;
            this.spec = spec;
        }

        String name() {
            return key instanceof Ref ? "dynamic child" : "child '" + spec.id() + "'";
        }
    }

    private final Flags flags;
    private final List<ChildSpec> initial;
    private final boolean dynamic;
    private final List<Child> children = new ArrayList<>(); // start order
    private final HashMap<Pid, Child> running = new HashMap<>(); // pid -> child, for EXITs
    private final ArrayDeque<Long> restarts = new ArrayDeque<>(); // times of recent restarts
    private long draws; // the jitter counter

    SupervisorServer(Flags flags, List<ChildSpec> initial, boolean dynamic) {
        this.flags = flags;
        this.initial = initial;
        this.dynamic = dynamic;
    }

    // ---- init and terminate ----------------------------------------------------------------------

    @Override
    public InitResult<SupervisorServer> init(ProcessContext self) {
        self.trapExit(true);
        for (ChildSpec spec : initial) { // SV1: in order
            Child child = new Child(spec.id(), spec);
            StartResult r = startOne(self, child);
            if (r instanceof StartResult.Failed f) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        () -> "supervisor " + self.self() + ": " + child.name() + " failed to start, stopping the "
                                + children.size() + " children already started\n  reason: " + f.reason());
                stopAll(self);
                return InitResult.stop(ExitReason.shutdown(new FailedToStartChild(spec.id(), f.reason())));
            }
            children.add(child); // ignore keeps the spec without a process
        }
        return InitResult.ok(this);
    }

    @Override
    public void terminate(ProcessContext self, ExitReason reason, SupervisorServer state) {
        stopAll(self);
    }

    /** Stops every running child: in reverse start order, or all at once for a dynamic supervisor (SV2). */
    private void stopAll(ProcessContext self) {
        for (Child c : children) {
            c.restarting = false; // a pending timer then finds nobody waiting for it
            c.restartTimer = null;
        }
        if (dynamic) {
            shutdownConcurrently(self, children);
        } else {
            for (Child c : children.reversed()) {
                shutdown(self, c);
            }
        }
    }

    // ---- starting a child ------------------------------------------------------------------------

    /**
     * Runs a child's start function and checks its result; on success the child runs. Never returns
     * {@link StartResult.AlreadyStarted}: in a supervisor that is a start error, as in OTP.
     */
    private StartResult startOne(ProcessContext self, Child child) {
        StartResult r;
        try {
            r = child.spec.start().start(self, flags.extraArguments());
        } catch (ExitException e) {
            if (e.bySignal()) {
                throw e; // this supervisor is being killed
            }
            return startError(self, child, e.reason());
        } catch (org.otp4j.NodeClosedException e) {
            // The node is closing: nothing can be started any more, and the host's exit signal is on its
            // way. Retrying would only spin (each failure a restart) until the grace period ran out.
            throw self.exit(ExitReason.shutdown());
        } catch (Exception | Error e) {
            return startError(
                    self,
                    child,
                    ExitReason.exception(
                            new IllegalStateException(child.name() + ": the start function threw " + e, e)));
        }
        switch (r) {
            case null -> {
                return startError(self, child, problem(child, "the start function returned null, not a StartResult"));
            }
            case StartResult.Failed f -> {
                return startError(self, child, f.reason());
            }
            case StartResult.AlreadyStarted a -> {
                return startError(
                        self,
                        child,
                        problem(
                                child,
                                "the start function returned AlreadyStarted(" + a.owner()
                                        + "): its name is taken by another process"));
            }
            case StartResult.Ignored i -> {
                clearPid(child);
                child.restarting = false;
                return r;
            }
            case StartResult.Started s -> {
                Pid pid = s.server();
                if (pid == null) {
                    return startError(self, child, problem(child, "the start function returned Started(null)"));
                }
                if (!isLinked(self, pid)) {
                    String state = self.node().isAlive(pid) ? "alive but not linked" : "not alive";
                    return startError(
                            self,
                            child,
                            problem(
                                    child,
                                    "the start function returned " + pid + ", which is " + state
                                            + " to the supervisor; start children linked (startLink, spawnLink)"));
                }
                setPid(child, pid);
                child.restarting = false;
                child.startedAt = self.monotonicTime();
                return r;
            }
        }
    }

    /**
     * Whether {@code pid} is (or was, until it died a moment ago) linked to this process. A child that
     * died right after its start has already turned its link into a queued EXIT: that EXIT is put back
     * at the tail, for handleInfo, and the child counts as started.
     */
    private static boolean isLinked(ProcessContext self, Pid pid) {
        if (org.otp4j.internal.Kernel.access().isLinked(self, pid)) {
            return true;
        }
        Optional<Exit> exit = self.receive(m -> m instanceof Exit e && e.from().equals(pid) ? e : null, Duration.ZERO);
        exit.ifPresent(e -> self.send(self.self(), e));
        return exit.isPresent();
    }

    private static ExitReason problem(Child child, String text) {
        return ExitReason.exception(new IllegalStateException(child.name() + ": " + text));
    }

    private static StartResult startError(ProcessContext self, Child child, ExitReason reason) {
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "supervisor " + self.self() + ": start error of " + child.name() + "\n  reason: " + reason);
        return new StartResult.Failed(reason);
    }

    // ---- stopping a child (SV6) ------------------------------------------------------------------

    /** Stops one child if it runs, and returns how it ended (or empty if it did not run). */
    private Optional<ExitReason> shutdown(ProcessContext self, Child child) {
        if (child.pid == null) {
            return Optional.empty();
        }
        Pid pid = child.pid;
        Ref monitor = self.monitor(pid);
        Optional<ExitReason> dead = takeExit(self, pid);
        ExitReason reason;
        if (dead.isPresent()) { // it died by itself: that is its real reason
            self.demonitor(monitor, true);
            reason = dead.get();
        } else {
            reason = switch (child.spec.shutdown()) {
                case Shutdown.BrutalKill k -> {
                    self.exit(pid, ExitReason.kill());
                    yield awaitDown(self, monitor);
                }
                case Shutdown.Infinity i -> {
                    self.exit(pid, ExitReason.shutdown());
                    yield awaitDown(self, monitor);
                }
                case Shutdown.Timeout t -> {
                    self.exit(pid, ExitReason.shutdown());
                    Optional<Down> d = self.receive(downOf(monitor), t.timeout());
                    if (d.isPresent()) {
                        yield d.get().reason();
                    }
                    self.exit(pid, ExitReason.kill());
                    yield awaitDown(self, monitor);
                }
            };
            reason = realReason(self, pid, reason);
        }
        self.unlink(pid); // it has ended: this only forgets the link
        clearPid(child);
        reportShutdown(self, child, pid, reason);
        return Optional.of(reason);
    }

    /** Stops these children at once: every signal goes out before any DOWN is awaited (SV2). */
    private void shutdownConcurrently(ProcessContext self, List<Child> group) {
        record Pending(Child child, Pid pid, Ref monitor, long deadline) {}
        List<Pending> pending = new ArrayList<>();
        long now = self.monotonicTime();
        for (Child c : group) {
            if (c.pid == null) {
                continue;
            }
            Pid pid = c.pid;
            Ref monitor = self.monitor(pid);
            Optional<ExitReason> dead = takeExit(self, pid);
            clearPid(c);
            if (dead.isPresent()) {
                self.demonitor(monitor, true);
                self.unlink(pid);
                reportShutdown(self, c, pid, dead.get());
                continue;
            }
            long deadline = Long.MAX_VALUE;
            switch (c.spec.shutdown()) {
                case Shutdown.BrutalKill k -> self.exit(pid, ExitReason.kill());
                case Shutdown.Infinity i -> self.exit(pid, ExitReason.shutdown());
                case Shutdown.Timeout t -> {
                    self.exit(pid, ExitReason.shutdown());
                    deadline = now + t.timeout().toNanos();
                }
            }
            pending.add(new Pending(c, pid, monitor, deadline));
        }
        for (Pending p : pending) {
            Optional<Down> d = p.deadline() == Long.MAX_VALUE
                    ? Optional.of(self.receive(downOf(p.monitor())))
                    : self.receiveUntil(downOf(p.monitor()), p.deadline());
            ExitReason reason;
            if (d.isPresent()) {
                reason = d.get().reason();
            } else {
                self.exit(p.pid(), ExitReason.kill());
                reason = awaitDown(self, p.monitor());
            }
            reason = realReason(self, p.pid(), reason);
            self.unlink(p.pid());
            reportShutdown(self, p.child(), p.pid(), reason);
        }
    }

    /** Takes the EXIT of {@code pid} if one is queued: then it has ended, and that is its reason. */
    private static Optional<ExitReason> takeExit(ProcessContext self, Pid pid) {
        return self.receive(m -> m instanceof Exit e && e.from().equals(pid) ? e.reason() : null, Duration.ZERO);
    }

    /**
     * After the DOWN of a linked child: its EXIT, which it sent before the DOWN, is queued. Its reason is
     * the real one even where the DOWN says noproc (the child ended before the monitor reached it).
     */
    private static ExitReason realReason(ProcessContext self, Pid pid, ExitReason down) {
        return takeExit(self, pid).orElse(down);
    }

    private static Matcher<Down> downOf(Ref monitor) {
        return m -> m instanceof Down d && d.ref().equals(monitor) ? d : null;
    }

    private static ExitReason awaitDown(ProcessContext self, Ref monitor) {
        return self.receive(downOf(monitor)).reason();
    }

    private static void reportShutdown(ProcessContext self, Child child, Pid pid, ExitReason reason) {
        boolean expected = reason.isQuiet()
                || (reason.equals(ExitReason.killed()) && !(child.spec.shutdown() instanceof Shutdown.Infinity));
        if (!expected) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    () -> "supervisor " + self.self() + ": shutdown error of " + child.name() + " (" + pid
                            + ")\n  reason: " + reason);
        }
    }

    // ---- a child ended (SV3, SV4, SV5, SV7, SV10) -------------------------------------------------

    @Override
    public Result<SupervisorServer> handleInfo(ProcessContext self, Object message, SupervisorServer state) {
        switch (message) {
            case Exit exit -> {
                Child child = byPid(exit.from());
                if (child == null) {
                    return Result.noReply(this); // a stale EXIT: that process was already dealt with
                }
                return childExited(self, child, exit.reason());
            }
            case RestartNow now -> {
                return restartGroup(self, now.group(), now.timer());
            }
            default -> {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "supervisor " + self.self() + " got an unexpected message: " + message);
                return Result.noReply(this);
            }
        }
    }

    private Result<SupervisorServer> childExited(ProcessContext self, Child child, ExitReason reason) {
        Pid pid = child.pid;
        clearPid(child);
        Restart restart = child.spec.restart();
        if (!restart.restartsAfter(reason)) {
            if (!reason.isQuiet()) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        () -> "supervisor " + self.self() + ": " + child.name() + " (" + pid + ", " + restart
                                + ") terminated, not restarted\n  reason: " + reason);
            }
            if (restart == Restart.TEMPORARY || dynamic) {
                children.remove(child); // SV3: a temporary spec goes with its process
            }
            return autoShutdown(self, child);
        }
        LOG.log(
                reason.isQuiet() ? System.Logger.Level.WARNING : System.Logger.Level.ERROR,
                () -> "supervisor " + self.self() + ": " + child.name() + " (" + pid
                        + ") terminated, restarting\n  reason: " + reason);
        if (intensityExceeded(self)) {
            return escalate(self);
        }
        List<Child> group = switch (flags.strategy()) {
            case ONE_FOR_ONE -> List.of(child);
            case ONE_FOR_ALL -> List.copyOf(children);
            case REST_FOR_ONE -> List.copyOf(children.subList(children.indexOf(child), children.size()));
        };
        List<Object> keys = new ArrayList<>();
        List<Child> members = new ArrayList<>(group.size());
        for (Child c : group.reversed()) { // SV4: the others stop in reverse start order
            if (c != child) {
                c.restartTimer = null; // it joins this restart instead of any earlier pending one
                shutdown(self, c);
                if (c.spec.restart() == Restart.TEMPORARY) {
                    children.remove(c); // SV3: taken down, never restarted
                    continue;
                }
            }
            c.restarting = true;
            keys.addFirst(c.key);
            members.addFirst(c);
        }
        Optional<Backoff> backoff = flags.backoff();
        if (backoff.isEmpty()) {
            for (Child c : members) {
                c.restartTimer = null;
            }
            return restartChildren(self, members); // at once: no scan of the other children
        }
        long now = self.monotonicTime();
        if (now - child.startedAt >= backoff.get().resetAfter().toNanos()) {
            child.attempt = 0; // SV10: it ran quietly long enough
        }
        Duration delay = backoff.get().delay(child.attempt, draws++);
        child.attempt++;
        scheduleRestart(self, keys, delay);
        return Result.noReply(this);
    }

    /** Restarts the children of {@code keys} after {@code delay}, under a timer of their own. */
    private void scheduleRestart(ProcessContext self, List<Object> keys, Duration delay) {
        Ref timer = self.makeRef();
        Set<Object> wanted = new HashSet<>(keys);
        for (Child c : children) {
            if (wanted.contains(c.key)) {
                c.restartTimer = timer;
            }
        }
        self.timers().startSingleTimer(new RestartKey(timer), new RestartNow(timer, keys), delay);
    }

    /**
     * Starts, in start order, the children of {@code keys} that still wait for their restart (and, when
     * {@code timer} is given, for that timer).
     */
    private Result<SupervisorServer> restartGroup(ProcessContext self, List<Object> keys, Ref timer) {
        Set<Object> wanted = new HashSet<>(keys);
        List<Child> group = new ArrayList<>();
        for (Child c : children) {
            if (wanted.contains(c.key) && c.restarting && (timer == null || timer.equals(c.restartTimer))) {
                c.restartTimer = null;
                group.add(c);
            }
        }
        return restartChildren(self, group);
    }

    /** Starts these children (waiting for their restart), in start order; retries the rest on failure. */
    private Result<SupervisorServer> restartChildren(ProcessContext self, List<Child> group) {
        for (int i = 0; i < group.size(); i++) {
            Child c = group.get(i);
            if (startOne(self, c) instanceof StartResult.Failed) {
                // OTP retries a failed restart later, counting it as another restart
                if (intensityExceeded(self)) {
                    return escalate(self);
                }
                List<Object> rest = new ArrayList<>();
                for (Child r : group.subList(i, group.size())) {
                    r.restarting = true;
                    rest.add(r.key);
                }
                Duration delay =
                        flags.backoff().map(b -> b.delay(c.attempt++, draws++)).orElse(Duration.ZERO);
                scheduleRestart(self, rest, delay);
                return Result.noReply(this);
            }
        }
        return Result.noReply(this);
    }

    /** SV5: one more restart; true if that makes more than MaxR within MaxT. */
    private boolean intensityExceeded(ProcessContext self) {
        long now = self.monotonicTime();
        restarts.addLast(now);
        long period = flags.period().toNanos();
        while (!restarts.isEmpty() && now - restarts.peekFirst() > period) { // OTP keeps one exactly MaxT old
            restarts.removeFirst();
        }
        return restarts.size() > flags.intensity();
    }

    private Result<SupervisorServer> escalate(ProcessContext self) {
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "supervisor " + self.self() + " reached its maximum restart intensity (" + flags.intensity()
                        + " restarts in " + flags.period() + "), shutting down");
        return Result.stop(ExitReason.shutdown(), this); // terminate stops the children (SV2)
    }

    /** SV7: a significant child ended by itself and is not restarted. */
    private Result<SupervisorServer> autoShutdown(ProcessContext self, Child ended) {
        if (!ended.spec.significant()) {
            return Result.noReply(this);
        }
        boolean stop = switch (flags.autoShutdown()) {
            case NEVER -> false;
            case ANY_SIGNIFICANT -> true;
            case ALL_SIGNIFICANT ->
                children.stream().noneMatch(c -> c.spec.significant() && (c.pid != null || c.restarting));
        };
        if (!stop) {
            return Result.noReply(this);
        }
        LOG.log(
                System.Logger.Level.INFO,
                () -> "supervisor " + self.self() + ": significant " + ended.name() + " ended, auto shutdown ("
                        + flags.autoShutdown() + ")");
        return Result.stop(ExitReason.shutdown(), this);
    }

    // ---- client requests (SV8, SV9) --------------------------------------------------------------

    @Override
    public CallResult<SupervisorServer> handleCall(
            ProcessContext self, Object request, From from, SupervisorServer state) {
        Object reply = switch (request) {
            case StartChild s -> dynamic ? startDynamic(self, s.spec()) : startStatic(self, s.spec());
            case TerminateChild t -> terminateById(self, t.id());
            case TerminateDynamicChild t -> terminateByPid(self, t.pid());
            case RestartChild r -> restartById(self, r.id());
            case DeleteChild d -> deleteById(d.id());
            case WhichChildren w -> which();
            case CountChildren c -> count(self);
            default -> throw new IllegalStateException("bad_call: a supervisor does not handle call " + request);
        };
        return CallResult.reply(reply, this);
    }

    private Object startStatic(ProcessContext self, ChildSpec spec) {
        try {
            Supervisor.checkSpec(flags, spec);
        } catch (IllegalArgumentException e) {
            return new StartResult.Failed(ExitReason.exception(e));
        }
        Child existing = byId(spec.id());
        if (existing != null) {
            if (existing.pid != null) {
                return new StartResult.AlreadyStarted(existing.pid);
            }
            return new Refusal(
                    ChildError.ALREADY_PRESENT,
                    "child '" + spec.id() + "' is already present (not running): restart or delete it first");
        }
        Child child = new Child(spec.id(), spec);
        StartResult r = startOne(self, child);
        if (!(r instanceof StartResult.Failed)) {
            children.add(child);
        }
        return r;
    }

    private Object startDynamic(ProcessContext self, ChildSpec spec) {
        if (children.size() >= flags.maxChildren()) {
            return new Refusal(
                    ChildError.MAX_CHILDREN,
                    "the dynamic supervisor already has its maximum of " + flags.maxChildren() + " children");
        }
        try {
            Supervisor.checkSpec(flags, spec);
        } catch (IllegalArgumentException e) {
            return new StartResult.Failed(ExitReason.exception(e));
        }
        Child child = new Child(self.makeRef(), spec);
        StartResult r = startOne(self, child);
        if (r instanceof StartResult.Started) {
            children.add(child); // ignore adds nothing, as in Elixir
        }
        return r;
    }

    private Object terminateById(ProcessContext self, Object id) {
        if (dynamic) {
            return new Refusal(ChildError.NOT_SUPPORTED, "a dynamic supervisor terminates children by pid, not id");
        }
        Child c = byId(id);
        if (c == null) {
            return new Refusal(ChildError.NOT_FOUND, "no child with id '" + id + "'");
        }
        c.restarting = false; // a pending group timer then skips it, and restarts the others it waits for
        c.restartTimer = null;
        shutdown(self, c);
        if (c.spec.restart() == Restart.TEMPORARY) {
            children.remove(c);
        }
        return "ok";
    }

    private Object terminateByPid(ProcessContext self, Pid pid) {
        if (!dynamic) {
            return new Refusal(ChildError.NOT_SUPPORTED, "a supervisor terminates children by id, not pid");
        }
        Child c = byPid(pid);
        if (c == null) {
            return new Refusal(ChildError.NOT_FOUND, "no child with pid " + pid);
        }
        shutdown(self, c);
        children.remove(c);
        return "ok";
    }

    private Object restartById(ProcessContext self, Object id) {
        if (dynamic) {
            return new Refusal(ChildError.NOT_SUPPORTED, "a dynamic supervisor cannot restart a child by id");
        }
        Child c = byId(id);
        if (c == null) {
            return new Refusal(ChildError.NOT_FOUND, "no child with id '" + id + "'");
        }
        if (c.pid != null) {
            return new Refusal(ChildError.RUNNING, "child '" + id + "' is running");
        }
        if (c.restarting) {
            return new Refusal(ChildError.RESTARTING, "child '" + id + "' is waiting for its restart");
        }
        return startOne(self, c);
    }

    private Object deleteById(Object id) {
        if (dynamic) {
            return new Refusal(ChildError.NOT_SUPPORTED, "a dynamic supervisor has no child specs to delete");
        }
        Child c = byId(id);
        if (c == null) {
            return new Refusal(ChildError.NOT_FOUND, "no child with id '" + id + "'");
        }
        if (c.pid != null) {
            return new Refusal(ChildError.RUNNING, "child '" + id + "' is running: terminate it first");
        }
        if (c.restarting) {
            return new Refusal(ChildError.RESTARTING, "child '" + id + "' is waiting for its restart");
        }
        children.remove(c);
        return "ok";
    }

    private List<ChildInfo> which() {
        List<ChildInfo> out = new ArrayList<>();
        for (Child c : children) {
            ChildInfo.Status status = c.pid != null
                    ? new ChildInfo.Running(c.pid)
                    : c.restarting ? new ChildInfo.Restarting() : new ChildInfo.Undefined();
            out.add(new ChildInfo(dynamic ? ChildInfo.NO_ID : c.spec.id(), status, c.spec.type()));
        }
        return List.copyOf(out);
    }

    private ChildCounts count(ProcessContext self) {
        int active = 0;
        int supervisors = 0;
        for (Child c : children) {
            if (c.pid != null && self.node().isAlive(c.pid)) {
                active++;
            }
            if (c.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }
        return new ChildCounts(children.size(), active, supervisors, children.size() - supervisors);
    }

    private Child byId(Object id) {
        for (Child c : children) {
            if (c.spec.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private void setPid(Child c, Pid pid) {
        c.pid = pid;
        running.put(pid, c);
    }

    private void clearPid(Child c) {
        if (c.pid != null) {
            running.remove(c.pid);
            c.pid = null;
        }
    }

    private Child byPid(Pid pid) {
        Child c = running.get(pid);
        return c != null && pid.equals(c.pid) ? c : null;
    }
}
