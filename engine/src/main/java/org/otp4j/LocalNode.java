package org.otp4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.otp4j.internal.sched.SystemClock;
import org.otp4j.internal.sched.VirtualThreadScheduler;
import org.otp4j.spi.Clock;
import org.otp4j.spi.Scheduler;

/** The {@link Node} implementation: the process table, the name registry, timers and shutdown. */
final class LocalNode implements Node {
    /*
     * Overview. The node owns three shared tables: live processes by serial, names to processes, and
     * nothing else; everything per-process lives in ProcessCell. Names follow S5: a terminating process
     * sets `exiting` and then removes its name before it sends any exit or down signal, and register()
     * re-checks `exiting` after it has published the name, so a name never outlives its process.
     */

    private static final AtomicInteger NODE_IDS = new AtomicInteger();
    static final System.Logger LOG = System.getLogger("org.otp4j.process");

    final int id;
    private final String name;
    final Scheduler scheduler;
    final Clock clock;
    final boolean immediate; // scheduler.deliversAtSend()
    final boolean lazyControl; // quiet signals do not wake their receiver (production scheduler only)
    final int defaultMaxMailbox;
    private final Duration shutdownGrace;
    private final Pid hostPid;
    private final AtomicLong serials = new AtomicLong();
    private final AtomicLong refs = new AtomicLong();
    private final ConcurrentHashMap<Long, ProcessCell> processes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ProcessCell> names = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> allExited = new CompletableFuture<>(); // once closed and empty

    LocalNode(Node.Builder b) {
        this.id = NODE_IDS.incrementAndGet();
        this.name = b.name != null ? b.name : "node" + id;
        this.clock = b.clock != null ? b.clock : new SystemClock(name);
        this.scheduler = b.scheduler != null ? b.scheduler : new VirtualThreadScheduler();
        this.scheduler.attach(clock);
        this.immediate = scheduler.deliversAtSend();
        this.lazyControl = immediate;
        if (!ProcessCell.SEAM && !immediate) {
            throw new IllegalStateException("-Dotp4j.benchmark.noSeam=true removes the scheduling points; it is"
                    + " for benchmarks of the production scheduler only and cannot drive " + scheduler);
        }
        this.defaultMaxMailbox = b.defaultMaxMailbox;
        this.shutdownGrace = b.shutdownGrace;
        this.hostPid = new Pid(id, 0, null);
    }

    // ---- spawning -------------------------------------------------------------------------------

    ProcessCell spawn(
            ProcessBody body,
            MessageHandler handler,
            SpawnOptions options,
            ProcessCell parent,
            boolean link,
            Ref monitor) {
        return spawn(body, handler, options, parent, link, monitor, null);
    }

    private ProcessCell spawn(
            ProcessBody body,
            MessageHandler handler,
            SpawnOptions options,
            ProcessCell parent,
            boolean link,
            Ref monitor,
            Consumer<ExitReason> exitHook) {
        if (body == null && handler == null) {
            throw new NullPointerException("process body must not be null");
        }
        if (options.name() instanceof Name.Via via) {
            throw new IllegalArgumentException("cannot spawn under " + via + ": a via-name is registered by the"
                    + " process itself; start a behaviour under it, or register in the process's own code");
        }
        checkOpen();
        ProcessCell cell = new ProcessCell(this, serials.incrementAndGet(), body, handler, options);
        if (options.name() instanceof Name.Local local) {
            register(local.name(), cell);
        }
        if (link) {
            cell.linkAtSpawn(parent);
        }
        if (monitor != null) {
            cell.monitorAtSpawn(parent, monitor);
        }
        if (exitHook != null) {
            cell.exitHook(exitHook);
        }
        processes.put(cell.pid.serial(), cell);
        if (closed.get()) { // close() began meanwhile and may not have seen this process: undo
            processes.remove(cell.pid.serial());
            releaseName(cell);
            throw new NodeClosedException(name);
        }
        scheduler.activate(cell, cell);
        return cell;
    }

    void exited(ProcessCell cell, ExitReason reason, boolean crashed) {
        processes.remove(cell.pid.serial());
        // An exception that escaped the code (behaviours catch their callbacks' and report them themselves)
        if (crashed && reason instanceof ExitReason.Failure f && LOG.isLoggable(System.Logger.Level.WARNING)) {
            LOG.log(System.Logger.Level.WARNING, "process " + cell.pid + " exited with an exception", f.error());
        }
        if (closed.get() && processes.isEmpty()) {
            allExited.complete(null);
        }
    }

    // ---- signals --------------------------------------------------------------------------------

    /** Sends a signal from {@code from} (null: the host or a timer) through the scheduler. */
    void transmit(ProcessCell from, ProcessCell to, Signal s) {
        if (immediate || from == to) { // a signal to oneself is in the mailbox as soon as it is sent
            deliver(to, s);
        } else {
            scheduler.transmit(from, to, new Delivery(to, s));
        }
    }

    /** A signal on its way, for schedulers that deliver later; prints as the signal, for traces. */
    private final class Delivery implements Runnable {
        private final ProcessCell to;
        private final Signal signal;

        Delivery(ProcessCell to, Signal signal) {
            this.to = to;
            this.signal = signal;
        }

        @Override
        public void run() {
            deliver(to, signal);
        }

        @Override
        public String toString() {
            return signal.toString();
        }
    }

    /**
     * Sends a signal to or from a terminated process: at once unless earlier signals of the same pair
     * are in flight (see Scheduler#transmitInOrder), so that "at once" answers keep the pair's order.
     */
    void transmitInOrder(ProcessCell from, ProcessCell to, Signal s) {
        if (immediate) {
            deliver(to, s);
        } else {
            scheduler.transmitInOrder(from, to, new Delivery(to, s));
        }
    }

    /** Puts a signal into {@code to}'s inbox now, or answers it if {@code to} has terminated. */
    void deliver(ProcessCell to, Signal s) {
        if (!to.push(s)) {
            to.bounced(s);
        } else if (s instanceof Control c && c.kind == Control.EXIT && c.reason instanceof ExitReason.Kill) {
            scheduler.interrupt(to); // break a killed process out of blocking the engine does not own
        }
    }

    ProcessCell cellOf(Pid pid) {
        Objects.requireNonNull(pid, "pid must not be null");
        if (pid.node() != id) {
            throw new IllegalArgumentException("pid " + pid + " belongs to another node, not to '" + name + "'");
        }
        if (pid.cell == null) {
            throw new IllegalArgumentException("pid " + pid + " is the host pid of node '" + name + "', not a process");
        }
        return pid.cell;
    }

    @Override
    public Ref makeRef() {
        return new Ref(id, refs.incrementAndGet());
    }

    static long nanos(Duration d, String what) {
        Objects.requireNonNull(d, what + " must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // centuries: effectively infinite, without overflowing deadlines
        }
    }

    // ---- names ----------------------------------------------------------------------------------

    void register(String name, ProcessCell cell) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a process name must not be empty");
        }
        if (cell.exiting) {
            throw new IllegalArgumentException("cannot register '" + name + "': process " + cell.pid + " is not alive");
        }
        synchronized (cell) {
            if (cell.registeredName != null) {
                throw new AlreadyRegisteredException(
                        "process " + cell.pid + " is already registered as '" + cell.registeredName + "'", cell.pid);
            }
            ProcessCell holder = names.putIfAbsent(name, cell);
            if (holder != null) {
                throw new AlreadyRegisteredException(
                        "name '" + name + "' is already registered to " + holder.pid, holder.pid);
            }
            cell.registeredName = name;
        }
        if (cell.exiting) { // it began to exit meanwhile and may have missed the name: take it back
            names.remove(name, cell);
            throw new IllegalArgumentException("cannot register '" + name + "': process " + cell.pid + " is not alive");
        }
    }

    /** Called by a terminating process after it set {@code exiting}, before it signals anyone. */
    void releaseName(ProcessCell cell) {
        String n = cell.registeredName;
        if (n != null) {
            names.remove(n, cell);
        }
    }

    boolean unregisterName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        ProcessCell cell = names.remove(name);
        if (cell == null) {
            return false;
        }
        synchronized (cell) {
            if (name.equals(cell.registeredName)) {
                cell.registeredName = null;
            }
        }
        return true;
    }

    Optional<Pid> whereisName(String name) {
        ProcessCell cell = lookup(name);
        return cell == null ? Optional.empty() : Optional.of(cell.pid);
    }

    ProcessCell lookup(String name) {
        Objects.requireNonNull(name, "name must not be null");
        ProcessCell cell = names.get(name);
        return cell == null || cell.exiting ? null : cell;
    }

    ProcessCell resolve(String name) {
        ProcessCell cell = lookup(name);
        if (cell == null) {
            throw new NotRegisteredException(name);
        }
        return cell;
    }

    // ---- timers ---------------------------------------------------------------------------------

    TimerRef startTimer(ProcessCell target, long deadline, Function<TimerRef, Message> message) {
        TimerRef timer = new TimerRef(makeRef(), deadline, target);
        timer.handle = clock.schedule(deadline, () -> {
            if (timer.fire()) {
                target.removeTimer(timer);
                // at once, through the scheduler, so that a controlled run traces the timer's message
                transmitInOrder(null, target, message.apply(timer));
            }
        });
        if (!target.addTimer(timer)) {
            timer.cancel(); // T1: the target is gone, so is the timer
        }
        return timer;
    }

    Optional<Duration> cancelTimer(TimerRef timer) {
        if (!timer.target.isAlive()) {
            timer.cancel(); // T1: a timer aimed at a dead process counts as cancelled
            return Optional.empty();
        }
        if (timer.cancel()) {
            timer.target.removeTimer(timer);
            return Optional.of(remaining(timer));
        }
        return Optional.empty();
    }

    Optional<Duration> readTimer(TimerRef timer) {
        return timer.isPending() && timer.target.isAlive() ? Optional.of(remaining(timer)) : Optional.empty();
    }

    private Duration remaining(TimerRef timer) {
        return Duration.ofNanos(Math.max(0, timer.deadline - clock.nanoTime()));
    }

    // ---- Node -----------------------------------------------------------------------------------

    private void checkOpen() {
        if (closed.get()) {
            throw new NodeClosedException(name);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Pid hostPid() {
        return hostPid;
    }

    @Override
    public Pid spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.defaults());
    }

    @Override
    public Pid spawn(ProcessBody body, SpawnOptions options) {
        Objects.requireNonNull(body, "process body must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return spawn(body, null, options, null, false, null).pid;
    }

    @Override
    public Pid spawn(MessageHandler handler) {
        return spawn(handler, SpawnOptions.defaults());
    }

    @Override
    public Pid spawn(MessageHandler handler, SpawnOptions options) {
        Objects.requireNonNull(handler, "message handler must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return spawn(null, handler, options, null, false, null).pid;
    }

    @Override
    public void send(Pid to, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = cellOf(to);
        checkOpen();
        transmit(null, target, new Message(message));
    }

    @Override
    public void send(Alias to, Object message) {
        Objects.requireNonNull(to, "alias must not be null");
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = cellOf(to.pid());
        checkOpen();
        transmit(null, target, new AliasMessage(message, to.ref()));
    }

    @Override
    public void send(String name, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        checkOpen();
        transmit(null, resolve(name), new Message(message));
    }

    @Override
    public void exit(Pid pid, ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        ProcessCell target = cellOf(pid);
        checkOpen();
        transmit(null, target, new Control(Control.EXIT, hostPid, null, reason));
    }

    @Override
    public void register(String name, Pid pid) {
        ProcessCell cell = cellOf(pid);
        checkOpen();
        register(name, cell);
    }

    @Override
    public boolean unregister(String name) {
        checkOpen();
        return unregisterName(name);
    }

    @Override
    public Optional<Pid> whereis(String name) {
        checkOpen();
        return whereisName(name);
    }

    @Override
    public boolean isAlive(Pid pid) {
        return cellOf(pid).isAlive();
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        ProcessCell cell = cellOf(pid);
        return cell.isAlive() ? Optional.of(cell.info()) : Optional.empty();
    }

    @Override
    public List<Pid> processes() {
        List<Pid> pids = new ArrayList<>();
        for (ProcessCell c : processes.values()) {
            if (c.isAlive()) {
                pids.add(c.pid);
            }
        }
        pids.sort(Comparator.naturalOrder());
        return pids;
    }

    @Override
    public long monotonicTime() {
        return clock.nanoTime();
    }

    @Override
    public <T> T run(ProcessFunction<T> function) {
        return runProcess(function, Long.MAX_VALUE, null);
    }

    @Override
    public <T> T run(ProcessFunction<T> function, Duration timeout) {
        return runProcess(function, nanos(timeout, "timeout"), timeout);
    }

    @SuppressWarnings("unchecked")
    private <T> T runProcess(ProcessFunction<T> function, long timeoutNanos, Duration timeout) {
        Objects.requireNonNull(function, "function must not be null");
        checkOpen();
        Object[] result = new Object[1];
        CompletableFuture<ExitReason> done = new CompletableFuture<>();
        ProcessCell cell = spawn(
                self -> result[0] = function.apply(self),
                null,
                SpawnOptions.defaults(),
                null,
                false,
                null,
                done::complete);
        try {
            scheduler.awaitHost(done, timeoutNanos);
        } catch (TimeoutException e) {
            transmit(null, cell, new Control(Control.EXIT, hostPid, null, ExitReason.kill()));
            throw new CompletionException(new TimeoutException(
                    "process " + cell.pid + " did not finish within " + timeout + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transmit(null, cell, new Control(Control.EXIT, hostPid, null, ExitReason.kill()));
            throw new CompletionException(e);
        }
        ExitReason reason = done.getNow(null);
        if (reason.isNormal()) {
            return (T) result[0];
        }
        if (reason instanceof ExitReason.Failure f) {
            if (f.error() instanceof RuntimeException r) {
                throw r;
            }
            if (f.error() instanceof Error e) {
                throw e;
            }
            throw new CompletionException(f.error());
        }
        throw new ExitException(reason);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        for (ProcessCell c : processes.values()) {
            if (c.thread() == Thread.currentThread()) {
                throw new IllegalStateException("close() was called from inside process " + c.pid
                        + ", which would wait for itself; close a node from a host thread");
            }
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (processes.isEmpty()) {
            allExited.complete(null);
        }
        // Newest first, so that a tree built top-down is taken down bottom-up.
        signalAll(ExitReason.shutdown());
        if (!awaitAllExited(nanos(shutdownGrace, "shutdownGrace"))) {
            signalAll(ExitReason.kill());
            if (!awaitAllExited(Duration.ofSeconds(10).toNanos())) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "node '" + name + "' closed with processes that would not end: " + processes());
            }
        }
        scheduler.close();
        clock.close();
    }

    private void signalAll(ExitReason reason) {
        List<ProcessCell> live = new ArrayList<>(processes.values());
        live.sort(Comparator.comparing((ProcessCell c) -> c.pid).reversed());
        for (ProcessCell c : live) {
            transmit(null, c, new Control(Control.EXIT, hostPid, null, reason));
        }
    }

    private boolean awaitAllExited(long timeoutNanos) {
        try {
            scheduler.awaitHost(allExited, timeoutNanos);
            return true;
        } catch (TimeoutException | IllegalStateException e) {
            return false; // a controlling scheduler may report that they never will (a deadlock, an abort)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "Node[" + name + "]";
    }
}
