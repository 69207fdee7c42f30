package org.otp4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.otp4j.spi.SchedulingPoint;
import org.otp4j.spi.Strand;

/**
 * One process: its inbox, its private message queue, its links, monitors and timers, and the code that
 * runs its activations.
 */
final class ProcessCell implements ProcessContext, Strand, KeyedTimers, Runnable {
    /*
     * Overview.
     *
     * Ownership. A process's state is written only by its own activation thread ("the owner"): the
     * message queue, the link and monitor tables, the keyed timers, pendingExit. Other threads touch
     * only the inbox (push), the state word (wake-ups) and read-only snapshots (info, under the cell's
     * monitor, which the owner holds while it changes a table). This is Erlang's split between the
     * signal queue that anyone may append to and the process-private message queue.
     *
     * Signals are handled by the receiver, in arrival order: whenever the owner drains the inbox it
     * moves messages to the queue and acts on control signals (links, exits, monitors). Since one
     * sender's pushes are sequential and the inbox is drained in push order, signals between a pair of
     * processes are handled in the order sent (S1). An exit signal that decides the process dies sets
     * pendingExit and unwinds the owner with ExitException; every engine operation checks it first.
     *
     * The inbox is a Treiber stack with a CLOSED sentinel. Pushing is one CAS; draining is one getAndSet
     * and a reversal. Termination swaps in CLOSED, so a push either lands before the process has
     * collected its last signals (and is answered by terminate) or fails and is answered by the sender
     * (bounced: link -> noproc exit, monitor -> noproc down, anything else dropped, S4).
     *
     * Wake-ups. The state word says whether anyone must be woken after a push: IDLE (a handler process
     * without an activation: schedule one), WAITING (parked in receive: unpark it). The owner publishes
     * IDLE/WAITING first and re-checks the inbox afterwards, and both sides leave those states only by
     * CAS, so a push is never missed and a strand is never activated twice.
     *
     * Quiet signals. MONITOR and DEMONITOR change nothing the process itself can observe until it ends,
     * so on the production scheduler they are queued without waking an idle or waiting owner: the next
     * activation, or terminate, handles them in arrival order. This saves a call (monitor, request,
     * reply, demonitor) a whole activation of the server. A monitor on a process that has ended still
     * bounces at once (push fails on the closed inbox). Under a controlled scheduler every signal wakes,
     * so the testkit's after-schedule checks see tables that are up to date.
     */

    static final int SCHEDULED = 0; // an activation is pending
    static final int RUNNING = 1; // an activation is running
    static final int WAITING = 2; // parked in receive
    static final int IDLE = 3; // handler process without activation
    static final int EXITED = 4; // terminated; the inbox is CLOSED

    private static final VarHandle STATE;
    private static final VarHandle INBOX;
    private static final VarHandle QUEUE_SIZE;
    private static final VarHandle QUIET;
    private static final VarHandle MAILBOX;
    // With a mailbox limit: the messages pushed or queued and not yet taken, counted exactly (senders add,
    // the owner subtracts), so that the send that would exceed the limit is the one that is refused. A
    // count made of the inbox's depth plus the queue's size can miss one while the owner moves a batch.
    private volatile int mailboxCount;
    // Quiet signals queued without a wake-up since the owner last drained; past MAX_QUIET they wake it,
    // so a process that is monitored and demonitored over and over while idle does not pile them up.
    private volatile int quietQueued;
    private static final int MAX_QUIET = 64;
    private static final Signal CLOSED = new Message("<closed inbox>");

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ProcessCell.class, "state", int.class);
            INBOX = l.findVarHandle(ProcessCell.class, "inbox", Signal.class);
            QUEUE_SIZE = l.findVarHandle(ProcessCell.class, "queueSize", int.class);
            QUIET = l.findVarHandle(ProcessCell.class, "quietQueued", int.class);
            MAILBOX = l.findVarHandle(ProcessCell.class, "mailboxCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LocalNode node;
    final Pid pid;
    private final String initialCall; // the class of the body or handler, for info
    private ProcessBody body; // exactly one of body and handler is set; both null once terminated
    private MessageHandler handler;
    private final Executor executor;
    private final boolean isHandler;
    private final boolean callerRuns; // SpawnOptions.callerRuns, for a handler on the node's threads
    private final int maxMailbox; // 0: no limit

    private volatile int state; // SCHEDULED, RUNNING, WAITING, IDLE, EXITED; see the overview
    private volatile Signal inbox; // newest pushed signal, null when empty, CLOSED after termination
    private volatile Thread thread; // the current activation's thread, null between activations
    // The thread of a caller that made this handler ready and runs its next activation itself (handOff):
    // written by that caller before the activation, read and cleared by the activation. See runHandler.
    private Thread handOffThread;
    volatile String registeredName; // written by LocalNode's registry under its rules
    volatile boolean exiting; // set once termination starts; the process is no longer alive
    private volatile ExitReason exitReason; // callerRuns processes: set as termination starts, before `exiting`
    private volatile boolean trapExit;
    private volatile boolean overflowed; // an OVERFLOW signal has been pushed (at most a few: benign race)

    // ---- owner-only state -----------------------------------------------------------------------
    private Signal queueHead; // oldest queued message
    private Signal queueTail; // newest queued message
    private int queueSize; // written with release semantics so that info() may read it
    private Signal unprocessed; // rest of a drained batch when a signal killed the process mid-batch
    private ExitReason pendingExit; // set when a signal decided the process dies
    private boolean started; // a handler's started() has run
    private Consumer<ExitReason> exitHook; // LocalNode.run's completion, called after termination
    // Kernel.ExitHooks (the registry's cleanups): null, one hook, or a list; HOOKS_CLOSED once exiting.
    // Added and removed by the owner, run by the owner in terminate: guarded by this for the info reader.
    private Object exitHooks;
    private static final Object HOOKS_CLOSED = new Object();

    static {
        org.otp4j.internal.Kernel.install(new KernelAccess());
    }

    // Tables: written by the owner holding `this`; read by info() holding `this`. Created lazily.
    private LinkedHashSet<Pid> links;
    private LinkedHashMap<Ref, Monitoring> monitors; // monitors this process holds, oldest first
    private LinkedHashMap<Ref, Pid> monitoredBy; // monitors others hold on it; DOWNs go oldest first
    private HashMap<Object, KeyedTimer> keyed; // keyed timers by key
    private java.util.Set<TimerRef> timersAimedHere; // raw timers whose target is this process; guarded by this
    private java.util.HashSet<Ref> aliases; // active aliases; owner-only

    /** A monitor this process holds: the target's pid and what the Down should report. */
    private record Monitoring(Pid target, Object reported) {}

    /**
     * A key's timer, kept and re-armed in place for as long as the key is in use: a run is current
     * while its arm number is the timer's latest and the timer is active; its message carries both.
     */
    private static final class KeyedTimer implements org.otp4j.spi.Clock.ArmedAction {
        private final ProcessCell owner;
        private final Object key;
        private final org.otp4j.spi.Clock.Timer clockTimer;
        private Object message; // the current run's, or null once retired; written by the owner before it arms
        long arm; // the current run's arm number; owner-only
        boolean active; // the current run is pending or its message queued; owner-only

        KeyedTimer(ProcessCell owner, Object key) {
            this.owner = owner;
            this.key = key;
            this.clockTimer = owner.node.clock.timer(this);
        }

        @Override
        public void fire(long firedArm) {
            Object m = message;
            if (m == null) {
                return; // retired since it was armed: this run is stale
            }
            // on the clock's thread, at once through the scheduler, so that a controlled run traces it;
            // an earlier arm that fired as the owner re-armed carries its own number and is dropped as stale
            owner.node.transmitInOrder(null, owner, new KeyedMessage(m, key, this, firedArm));
        }

        /** Its current run is over (cancelled, or its message received): a queued message is stale now. */
        void deactivate() {
            active = false;
            message = null; // not kept reachable; a run firing now finds null and is stale anyway
        }
    }

    /** Inactive keyed timers kept for re-use beyond this many keys are dropped. */
    private static final int KEYED_KEPT = 8;

    ProcessCell(LocalNode node, long serial, ProcessBody body, MessageHandler handler, SpawnOptions options) {
        this.node = node;
        this.pid = new Pid(node.id, serial, this);
        this.body = body;
        this.handler = handler;
        this.initialCall = handler instanceof org.otp4j.internal.gen.BehaviourProcess behaviour
                ? behaviour.initialCall()
                : (body != null ? body : handler).getClass().getName();
        this.executor = body == null ? options.executor() : null;
        this.isHandler = body == null;
        this.callerRuns = isHandler && executor == null && options.callerRuns();
        this.maxMailbox = options.maxMailbox() > 0 ? options.maxMailbox() : node.defaultMaxMailbox;
        this.state = SCHEDULED;
    }

    /**
     * Scheduling points, unless a benchmark compiled them out ({@code -Dotp4j.benchmark.noSeam=true}, B16:
     * the JIT folds this constant, so the calls vanish and the cost of the seam can be measured).
     */
    static final boolean SEAM = !Boolean.getBoolean("otp4j.benchmark.noSeam");

    private void point(SchedulingPoint p) {
        if (SEAM) {
            node.scheduler.point(this, p);
        }
    }

    // ---- Strand ---------------------------------------------------------------------------------

    @Override
    public Pid pid() {
        return pid;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public boolean isHandler() {
        return isHandler;
    }

    @Override
    public boolean hasPendingSignals() {
        return inbox != null;
    }

    // ---- set-up before the first activation (called by LocalNode.spawn on the spawner's thread) ---

    void linkAtSpawn(ProcessCell parent) {
        links = new LinkedHashSet<>();
        links.add(parent.pid);
        synchronized (parent) {
            parent.linkTable().add(pid);
        }
    }

    void monitorAtSpawn(ProcessCell parent, Ref ref) {
        monitoredBy = new LinkedHashMap<>();
        monitoredBy.put(ref, parent.pid);
        synchronized (parent) {
            parent.monitorTable().put(ref, new Monitoring(pid, pid));
        }
    }

    void exitHook(Consumer<ExitReason> hook) {
        this.exitHook = hook;
    }

    // ---- activations ----------------------------------------------------------------------------

    /** One activation: the whole body of a direct-style process, or a batch of a handler's messages. */
    @Override
    public void run() {
        thread = Thread.currentThread();
        state = RUNNING;
        ExitReason reason;
        boolean crashed = false;
        try {
            point(SchedulingPoint.START);
            if (body != null) {
                checkSignals();
                body.run(this);
                reason = ExitReason.normal();
            } else if (runHandler()) {
                return; // idle: the process lives on without a thread
            } else {
                reason = ExitReason.normal();
            }
        } catch (ExitException e) {
            reason = e.reason();
        } catch (Throwable t) {
            reason = ExitReason.exception(t);
            crashed = true;
        }
        terminate(reason, crashed);
    }

    /** Runs the handler over the queue; true if the activation ended idle, false never (exits throw). */
    private boolean runHandler() throws Exception {
        // A caller running this activation on its own thread while it waits for the answer (handOff)
        // handles one message: the caller's wait must not stretch over a whole backlog.
        boolean handedOff = handOffThread == thread; // thread is set: never both null
        handOffThread = null;
        if (!started) {
            started = true;
            checkSignals();
            handler.started(this);
        }
        while (true) {
            checkSignals();
            Message m = takeNext();
            if (m != null) {
                handler.handle(this, m.payload);
                point(SchedulingPoint.RECEIVE);
                if (!handedOff) {
                    continue;
                }
                if (queueHead != null || inbox != null) {
                    return handBack(); // more to do: the rest goes to the scheduler as usual
                }
            }
            // Go idle. Clear the thread first: a new activation may start as soon as IDLE is visible.
            thread = null;
            state = IDLE;
            if (inbox == null || !STATE.compareAndSet(this, IDLE, RUNNING)) {
                return true;
            }
            if (handedOff) {
                return handBack();
            }
            thread = Thread.currentThread();
        }
    }

    /** Ends a handed-off activation that has more to do: the scheduler runs the rest. */
    private boolean handBack() {
        thread = null;
        state = SCHEDULED;
        node.scheduler.activate(this, this);
        return true;
    }

    // ---- the inbox (any thread) -----------------------------------------------------------------

    /**
     * Pushes a signal and wakes the owner if needed.
     *
     * @return false if the process has terminated (the inbox is closed)
     */
    boolean push(Signal s) {
        return offer(s, false) != CLOSED_INBOX;
    }

    static final int CLOSED_INBOX = 0; // offer: the process has terminated
    static final int PUSHED = 1; // offer: in the inbox, the owner woken if it needed to be
    static final int HANDED_OFF = 2; // offer: in the inbox, and the idle handler's activation is the sender's to run

    /**
     * Pushes a signal and wakes the owner if needed; with {@code handOff}, a handler that this push makes
     * ready is not activated: the sender must pass its activation to {@code Scheduler.handOff}.
     */
    private int offer(Signal s, boolean handOff) {
        if (inbox == CLOSED) { // before the count: a process that ended at its limit refuses nothing more
            return CLOSED_INBOX;
        }
        if (maxMailbox > 0 && s instanceof Message && (int) MAILBOX.getAndAdd(this, 1) >= maxMailbox) {
            MAILBOX.getAndAdd(this, -1);
            overflow();
            return PUSHED; // the process is being ended for it; the message goes with it
        }
        while (true) {
            Signal head = inbox;
            if (head == CLOSED) {
                if (maxMailbox > 0 && s instanceof Message) {
                    MAILBOX.getAndAdd(this, -1);
                }
                return CLOSED_INBOX;
            }
            // depth counts the messages (not control signals) at and below each node
            int depth = (head == null ? 0 : head.depth) + (s instanceof Message ? 1 : 0);
            s.next = head;
            s.depth = depth;
            if (INBOX.compareAndSet(this, head, s)) {
                break;
            }
        }
        if (handOff && state == IDLE && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            return HANDED_OFF;
        }
        if (!(s instanceof Control c && c.quiet() && node.lazyControl) || (int) QUIET.getAndAdd(this, 1) >= MAX_QUIET) {
            wake();
        }
        return PUSHED;
    }

    private void overflow() {
        if (overflowed) {
            return;
        }
        overflowed = true;
        Control c = new Control(Control.OVERFLOW, pid, maxMailbox, null);
        while (true) {
            Signal head = inbox;
            if (head == CLOSED) {
                return;
            }
            c.next = head;
            c.depth = head == null ? 0 : head.depth;
            if (INBOX.compareAndSet(this, head, c)) {
                break;
            }
        }
        wake();
        node.scheduler.interrupt(this);
    }

    private void wake() {
        int s = state;
        if (s == WAITING) {
            if (STATE.compareAndSet(this, WAITING, RUNNING)) {
                node.scheduler.unpark(this);
            }
        } else if (s == IDLE) {
            if (STATE.compareAndSet(this, IDLE, SCHEDULED)) {
                node.scheduler.activate(this, this);
            }
        }
    }

    /** Answers a signal that reached this process after it terminated. */
    void bounced(Signal s) {
        if (s instanceof Control c) {
            Control answer = noprocAnswer(c);
            if (answer != null) { // it travels as if this process sent it, behind what it sent before dying (S1)
                node.transmitInOrder(this, c.from.cell, answer);
            }
        }
    }

    /** The noproc answer to a link or monitor that found this process gone, or null for anything else. */
    private Control noprocAnswer(Control c) {
        if (c.from.cell == null) {
            return null; // from the host: nobody to answer
        }
        return switch (c.kind) {
            case Control.LINK -> new Control(Control.EXIT_LINK, pid, null, ExitReason.noproc());
            case Control.MONITOR -> new Control(Control.DOWN, pid, c.ref, ExitReason.noproc());
            default -> null;
        };
    }

    // ---- signal handling (owner) ----------------------------------------------------------------

    /** Throws if the process is dying; otherwise handles every signal that has arrived. */
    private void checkSignals() {
        if (pendingExit != null) {
            throw new ExitException(pendingExit, true);
        }
        if (unprocessed != null) {
            Signal rest = unprocessed;
            unprocessed = null;
            handleBatch(rest);
        }
        if (inbox != null) {
            QUIET.setOpaque(this, 0);
            handleBatch(reverse((Signal) INBOX.getAndSet(this, null)));
        }
    }

    private static Signal reverse(Signal s) {
        Signal prev = null;
        while (s != null) {
            Signal next = s.next;
            s.next = prev;
            prev = s;
            s = next;
        }
        return prev;
    }

    private void handleBatch(Signal s) {
        while (s != null) {
            Signal next = s.next;
            s.next = null;
            if (s instanceof Message) {
                enqueue(s);
            } else {
                handleControl((Control) s);
                if (pendingExit != null) {
                    unprocessed = next;
                    throw new ExitException(pendingExit, true);
                }
            }
            s = next;
        }
    }

    /** Queues a message the process made itself (a DOWN, a trapped EXIT): it counts towards the limit. */
    private void enqueueOwn(Signal m) {
        if (maxMailbox > 0) {
            MAILBOX.getAndAdd(this, 1);
        }
        enqueue(m);
    }

    private void enqueue(Signal m) {
        if (queueTail == null) {
            queueHead = m;
        } else {
            queueTail.next = m;
        }
        queueTail = m;
        QUEUE_SIZE.setRelease(this, queueSize + 1);
    }

    private void handleControl(Control c) {
        switch (c.kind) {
            case Control.LINK -> {
                synchronized (this) {
                    linkTable().add(c.from);
                }
            }
            case Control.UNLINK -> {
                synchronized (this) {
                    if (links != null) {
                        links.remove(c.from);
                    }
                }
            }
            case Control.EXIT_LINK -> {
                boolean linked;
                synchronized (this) {
                    linked = links != null && links.remove(c.from);
                }
                if (linked) { // E7: an exit from a link that is gone is dropped
                    handleExit(c.from, c.reason, true);
                }
            }
            case Control.EXIT -> handleExit(c.from, c.reason, false);
            case Control.MONITOR -> {
                synchronized (this) {
                    monitoredByTable().put((Ref) c.ref, c.from);
                }
            }
            case Control.DEMONITOR -> {
                synchronized (this) {
                    if (monitoredBy != null) {
                        monitoredBy.remove((Ref) c.ref);
                    }
                }
            }
            case Control.DOWN -> {
                Monitoring m;
                synchronized (this) {
                    m = monitors == null ? null : monitors.remove((Ref) c.ref);
                }
                if (m != null) { // M5: a down for a monitor that is gone is dropped
                    enqueueOwn(new Message(new Down((Ref) c.ref, m.reported(), c.reason)));
                }
            }
            case Control.OVERFLOW -> pendingExit = ExitReason.of(new SpawnOptions.MailboxOverflow((Integer) c.ref));
            default -> throw new IllegalStateException("unknown signal " + c);
        }
    }

    private void handleExit(Pid from, ExitReason reason, boolean viaLink) {
        if (!viaLink && reason instanceof ExitReason.Kill) {
            pendingExit = ExitReason.killed(); // E3: untrappable
        } else if (trapExit) {
            enqueueOwn(new Message(new Exit(from, reason))); // E6, E4 (kill through a link stays kill)
        } else if (reason.isNormal()) {
            if (!viaLink && from.equals(pid)) {
                pendingExit = reason; // E2: exit(self, normal) ends the caller
            }
        } else {
            pendingExit = reason; // E5
        }
    }

    // ---- the message queue (owner) --------------------------------------------------------------

    /** Takes the oldest receivable message, or null; drops stale keyed-timer messages. */
    private Message takeNext() {
        Signal prev = null;
        for (Signal s = queueHead; s != null; ) {
            Signal next = s.next;
            if (isStale(s)) {
                unlinkQueued(prev, s);
            } else {
                unlinkQueued(prev, s);
                consumeKeyed(s);
                return (Message) s;
            }
            s = next;
        }
        return null;
    }

    /** A keyed-timer message of a cancelled or replaced timer, or a message to an inactive alias. */
    private boolean isStale(Signal s) {
        if (s instanceof KeyedMessage k) {
            return !isCurrent(k);
        }
        return s instanceof AliasMessage a && (aliases == null || !aliases.contains(a.alias));
    }

    private boolean isCurrent(KeyedMessage k) {
        if (keyed == null || !(k.token instanceof KeyedTimer t) || keyed.get(k.key) != t) {
            return false;
        }
        return t.active && t.arm == k.arm;
    }

    private void consumeKeyed(Signal s) {
        if (s instanceof KeyedMessage k) {
            retire((KeyedTimer) k.token);
        }
    }

    private void unlinkQueued(Signal prev, Signal s) {
        Signal next = s.next;
        if (prev == null) {
            queueHead = next;
        } else {
            prev.next = next;
        }
        if (queueTail == s) {
            queueTail = prev;
        }
        s.next = null;
        QUEUE_SIZE.setRelease(this, queueSize - 1);
        if (maxMailbox > 0) {
            MAILBOX.getAndAdd(this, -1);
        }
    }

    private <R> R receiveMatch(Matcher<R> matcher, long deadline, boolean timed) {
        return receiveMatch(matcher, deadline, timed, false);
    }

    /**
     * The selective receive. With {@code relative}, {@code deadline} is a timeout in nanoseconds, turned
     * into a deadline only if the first scan finds nothing (a reply that is already there costs no
     * clock read).
     */
    private <R> R receiveMatch(Matcher<R> matcher, long deadline, boolean timed, boolean relative) {
        Objects.requireNonNull(matcher, "matcher");
        checkOwner();
        point(SchedulingPoint.RECEIVE);
        Signal prev = null; // last message scanned and skipped; the scan resumes after it
        while (true) {
            checkSignals();
            Signal s = prev == null ? queueHead : prev.next;
            while (s != null) {
                Signal next = s.next;
                if (isStale(s)) {
                    unlinkQueued(prev, s);
                } else {
                    R r = matcher.match(((Message) s).payload);
                    if (r != null) {
                        unlinkQueued(prev, s);
                        consumeKeyed(s);
                        return r;
                    }
                    prev = s;
                }
                s = next;
            }
            if (timed) {
                long now = node.clock.nanoTime();
                if (relative) {
                    relative = false;
                    deadline = now + deadline;
                }
                if (deadline <= now || now - deadline >= 0) { // the second form survives clock wrap-around
                    return null;
                }
            }
            await(timed ? deadline : Long.MAX_VALUE);
        }
    }

    /** Parks until a signal arrives or the deadline passes (or spuriously). */
    private void await(long deadline) {
        state = WAITING;
        if (inbox != null && STATE.compareAndSet(this, WAITING, RUNNING)) {
            return;
        }
        node.scheduler.park(this, deadline);
        if (state == WAITING) {
            STATE.compareAndSet(this, WAITING, RUNNING);
        }
    }

    // ---- termination (owner) --------------------------------------------------------------------

    private static boolean causedByInterrupt(ExitReason reason) {
        return reason instanceof ExitReason.Failure f && causedByInterrupt(f.error());
    }

    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private void terminate(ExitReason proposed, boolean crashed) {
        ExitReason reason = proposed;
        if (pendingExit == null && crashed && causedByInterrupt(proposed)) {
            // A kill interrupts foreign blocking, so the body may have failed because of a kill that is
            // still in the inbox: let the signals that arrived first decide. Any other crash keeps its
            // own reason.
            try {
                checkSignals();
            } catch (ExitException ignored) {
                // pendingExit is set
            } catch (RuntimeException ignored) {
                // a broken signal must not stop the termination
            }
        }
        if (pendingExit != null) {
            reason = pendingExit;
        }
        pendingExit = reason;
        try {
            point(SchedulingPoint.EXIT);
        } catch (RuntimeException ignored) {
            // a controlling scheduler may abort the run; the process still ends cleanly
        }
        // Everything in the inbox now arrived while the process lived (perhaps while it ran its last code):
        // taken here, behind the signals still unprocessed, it is answered with the real reason.
        Signal arrived = reverse((Signal) INBOX.getAndSet(this, null));
        if (arrived != null) {
            if (unprocessed == null) {
                unprocessed = arrived;
            } else {
                Signal last = unprocessed;
                while (last.next != null) {
                    last = last.next;
                }
                last.next = arrived;
            }
        }
        if (callerRuns) { // only a caller of such a process may monitor it late, and read this (Gen.call)
            exitReason = reason; // before `exiting`, and so before any EXIT or DOWN
        }
        exiting = true;
        node.releaseName(this); // S5: the name is free before any EXIT or DOWN goes out
        runExitHooks(reason); // registry entries too (R3), before any EXIT or DOWN

        // Answer every link and monitor, then close the inbox. Closing last matters: a LINK or MONITOR that
        // bounces off the closed inbox is answered (noproc) by its sender at once, so it must not be able
        // to overtake the exit or down this process sends (S1). Signals that arrive meanwhile are handled
        // in further rounds until the inbox is found empty and closed in one CAS.
        // Signals taken from the inbox before `exiting` was set arrived while the process lived: they are
        // answered with its reason. A link or monitor that arrives later reached a process that had begun to exit,
        // and perhaps one whose EXIT or DOWN its sender has already seen: answered with noproc, as if it
        // had bounced off the closed inbox, so "monitor after death gives noproc" holds (M2).
        Signal batch = unprocessed;
        unprocessed = null;
        boolean late = false;
        List<Control> lateOnes = new ArrayList<>(0); // links and monitors that came after `exiting`
        while (true) {
            List<Pid> linked;
            Map<Ref, Pid> watchers;
            Map<Ref, Monitoring> watching;
            synchronized (this) {
                for (Signal s = batch; s != null; s = s.next) {
                    if (s instanceof Control c) {
                        switch (c.kind) {
                            case Control.LINK -> {
                                if (late) {
                                    lateOnes.add(c);
                                } else {
                                    linkTable().add(c.from);
                                }
                            }
                            case Control.UNLINK -> linkTable().remove(c.from);
                            case Control.MONITOR -> {
                                if (late) {
                                    lateOnes.add(c);
                                } else {
                                    monitoredByTable().put((Ref) c.ref, c.from);
                                }
                            }
                            case Control.DEMONITOR -> monitoredByTable().remove((Ref) c.ref);
                            default -> {}
                        }
                    }
                }
                linked = links == null ? List.of() : new ArrayList<>(links);
                watchers = monitoredBy == null ? Map.of() : monitoredBy;
                watching = monitors == null ? Map.of() : monitors;
                links = null;
                monitoredBy = null;
                monitors = null;
            }
            for (Pid p : linked) {
                node.transmit(this, p.cell, new Control(Control.EXIT_LINK, pid, null, reason));
            }
            for (Map.Entry<Ref, Pid> w : watchers.entrySet()) {
                node.transmit(this, w.getValue().cell, new Control(Control.DOWN, pid, w.getKey(), reason));
            }
            for (Map.Entry<Ref, Monitoring> w : watching.entrySet()) {
                ProcessCell target = w.getValue().target().cell;
                if (target != null) {
                    node.transmit(this, target, new Control(Control.DEMONITOR, pid, w.getKey(), null));
                }
            }
            for (Control c : lateOnes) { // noproc, behind everything this process sent before
                Control answer = noprocAnswer(c);
                if (answer != null) {
                    node.transmit(this, c.from.cell, answer);
                }
            }
            lateOnes.clear();
            if (inbox == null && INBOX.compareAndSet(this, null, CLOSED)) {
                break;
            }
            batch = reverse((Signal) INBOX.getAndSet(this, null));
            late = true;
        }
        synchronized (this) {
            java.util.Set<TimerRef> aimed = timersAimedHere;
            timersAimedHere = null;
            if (aimed != null) {
                for (TimerRef t : aimed) {
                    t.cancel(); // T1: timers aimed at a dead process are cancelled, releasing their messages
                }
            }
        }
        cancelKeyedTimers();
        queueHead = null;
        queueTail = null;
        QUEUE_SIZE.setRelease(this, 0);
        thread = null;
        body = null; // a Pid keeps its cell reachable: let the code and its captures go
        handler = null;
        state = EXITED;
        node.exited(this, reason, crashed);
        node.scheduler.terminated(this, reason);
        Consumer<ExitReason> hook = exitHook;
        if (hook != null) {
            exitHook = null;
            hook.accept(reason);
        }
    }

    // ---- exit hooks (the registry) --------------------------------------------------------------

    boolean addExitHook(org.otp4j.internal.Kernel.ExitHook hook) {
        synchronized (this) {
            Object h = exitHooks;
            if (h == HOOKS_CLOSED || exiting) {
                return false;
            }
            if (h == null) {
                exitHooks = hook;
            } else if (h instanceof ArrayList<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> hooks = (List<Object>) list;
                hooks.add(hook);
            } else {
                ArrayList<Object> hooks = new ArrayList<>(4);
                hooks.add(h);
                hooks.add(hook);
                exitHooks = hooks;
            }
            return true;
        }
    }

    void removeExitHook(org.otp4j.internal.Kernel.ExitHook hook) {
        synchronized (this) {
            Object h = exitHooks;
            if (h == hook) {
                exitHooks = null;
            } else if (h instanceof ArrayList<?> list) {
                list.remove(hook);
            }
        }
    }

    private void runExitHooks(ExitReason reason) {
        Object h;
        synchronized (this) {
            h = exitHooks;
            exitHooks = HOOKS_CLOSED;
        }
        if (h == null) {
            return;
        }
        org.otp4j.internal.Kernel.Outbox outbox =
                (to, message) -> node.transmit(this, node.cellOf(to), new Message(message));
        List<?> hooks = h instanceof ArrayList<?> list ? list : List.of(h);
        for (Object hook : hooks) {
            try {
                ((org.otp4j.internal.Kernel.ExitHook) hook).exiting(pid, reason, outbox);
            } catch (RuntimeException | Error e) {
                LocalNode.LOG.log(System.Logger.Level.ERROR, "an exit hook of process " + pid + " failed", e);
            }
        }
    }

    /** The kernel's hooks for the engine's other packages (see {@link org.otp4j.internal.Kernel}). */
    private static final class KernelAccess implements org.otp4j.internal.Kernel.Access {
        private static ProcessCell cell(ProcessContext self) {
            if (self instanceof ProcessCell cell) {
                return cell;
            }
            throw new IllegalArgumentException("this operation needs a process's own context, got "
                    + self.getClass().getName());
        }

        @Override
        public void enter(ProcessContext self, SchedulingPoint point) {
            cell(self).enter(point);
        }

        @Override
        public boolean addExitHook(ProcessContext self, org.otp4j.internal.Kernel.ExitHook hook) {
            ProcessCell cell = cell(self);
            cell.checkOwner();
            return cell.addExitHook(hook);
        }

        @Override
        public void removeExitHook(ProcessContext self, org.otp4j.internal.Kernel.ExitHook hook) {
            ProcessCell cell = cell(self);
            cell.checkOwner();
            cell.removeExitHook(hook);
        }

        @Override
        public void actOnInterrupt(ProcessContext self, Throwable failure) {
            if (self instanceof ProcessCell cell && causedByInterrupt(failure)) {
                cell.checkOwner();
                cell.checkSignals();
            }
        }

        @Override
        public boolean callerRuns(ProcessContext self, Pid server) {
            return self instanceof ProcessCell cell && server.cell != null && cell.mayRun(server.cell);
        }

        @Override
        public org.otp4j.internal.Kernel.Sent sendRequest(ProcessContext self, Pid to, Object request) {
            return cell(self).sendRequest(to, request);
        }

        @Override
        public ExitReason exitReason(Pid pid) {
            return pid.cell == null ? null : pid.cell.exitReason;
        }

        @Override
        public boolean isLinked(ProcessContext self, Pid other) {
            ProcessCell cell = cell(self);
            cell.checkOwner();
            synchronized (cell) {
                return cell.links != null && cell.links.contains(other);
            }
        }

        @Override
        public Class<?> processClass(Pid pid) {
            ProcessCell cell = pid.cell;
            if (cell == null) {
                return null;
            }
            Object code = cell.handler != null ? cell.handler : cell.body;
            return code == null ? null : code.getClass();
        }
    }

    // ---- ProcessContext -------------------------------------------------------------------------

    private void checkOwner() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the context of process " + pid
                    + " was used outside that process (from thread " + Thread.currentThread() + ")");
        }
    }

    /** Owner check plus the pending-exit check, for operations that need not drain the inbox. */
    private void enter(SchedulingPoint point) {
        checkOwner();
        point(point);
        if (pendingExit != null) {
            throw new ExitException(pendingExit, true);
        }
    }

    @Override
    public Pid self() {
        return pid;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void send(Pid to, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = node.cellOf(to);
        enter(SchedulingPoint.SEND);
        node.transmit(this, target, new Message(message));
    }

    /**
     * Whether this process may run {@code target}'s activations when it calls it: the target lets its
     * callers run it, this process runs on the node's own threads, signals are delivered at send (not
     * under a controlled scheduler), and it is another process of the same node.
     */
    private boolean mayRun(ProcessCell target) {
        return target.callerRuns && executor == null && node.immediate && target != this && target.node == node;
    }

    /**
     * Sends a call's request, after which this process only waits for the answer: if the request makes
     * an idle handler process that lets its callers run it ({@link SpawnOptions#callerRuns}) ready, its
     * activation is handed to {@code Scheduler.handOff}, which may run it on this thread at once instead
     * of waking another thread to run it while this one parks.
     */
    org.otp4j.internal.Kernel.Sent sendRequest(Pid to, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = node.cellOf(to);
        enter(SchedulingPoint.SEND);
        if (!mayRun(target)) {
            throw new IllegalStateException("not a call its caller may run: " + to);
        }
        if (target.exiting) { // ended before the send, though its inbox is still open: noproc, as in OTP
            return org.otp4j.internal.Kernel.Sent.NOPROC;
        }
        int r = target.offer(new Message(message), true);
        if (r == CLOSED_INBOX) {
            return org.otp4j.internal.Kernel.Sent.NOPROC;
        }
        if (r == HANDED_OFF) {
            target.handOffThread = Thread.currentThread();
            node.scheduler.handOff(this, target, target);
            return org.otp4j.internal.Kernel.Sent.RAN;
        }
        return org.otp4j.internal.Kernel.Sent.SENT;
    }

    @Override
    public void send(String name, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        enter(SchedulingPoint.SEND);
        node.transmit(this, node.resolve(name), new Message(message));
    }

    @Override
    public Object receive() {
        return receiveMatch(Matcher.any(), 0, false);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(receiveMatch(Matcher.any(), LocalNode.nanos(timeout, "timeout"), true, true));
    }

    @Override
    public <R> R receive(Matcher<R> matcher) {
        return receiveMatch(matcher, 0, false);
    }

    @Override
    public <R> Optional<R> receive(Matcher<R> matcher, Duration timeout) {
        return Optional.ofNullable(receiveMatch(matcher, LocalNode.nanos(timeout, "timeout"), true, true));
    }

    @Override
    public <R> Optional<R> receiveUntil(Matcher<R> matcher, long deadlineNanos) {
        return Optional.ofNullable(receiveMatch(matcher, deadlineNanos, true));
    }

    private long deadlineAfter(Duration timeout) {
        return node.clock.nanoTime() + LocalNode.nanos(timeout, "timeout");
    }

    @Override
    public Pid spawn(ProcessBody body) {
        return spawnFromHere(body, null, SpawnOptions.defaults(), false);
    }

    @Override
    public Pid spawn(ProcessBody body, SpawnOptions options) {
        return spawnFromHere(body, null, options, false);
    }

    @Override
    public Pid spawn(MessageHandler handler) {
        return spawnFromHere(null, handler, SpawnOptions.defaults(), false);
    }

    @Override
    public Pid spawn(MessageHandler handler, SpawnOptions options) {
        return spawnFromHere(null, handler, options, false);
    }

    @Override
    public Pid spawnLink(ProcessBody body) {
        return spawnFromHere(body, null, SpawnOptions.defaults(), true);
    }

    @Override
    public Pid spawnLink(MessageHandler handler) {
        return spawnFromHere(null, handler, SpawnOptions.defaults(), true);
    }

    @Override
    public Pid spawnLink(ProcessBody body, SpawnOptions options) {
        return spawnFromHere(body, null, options, true);
    }

    @Override
    public Pid spawnLink(MessageHandler handler, SpawnOptions options) {
        return spawnFromHere(null, handler, options, true);
    }

    @Override
    public Spawned spawnMonitor(ProcessBody body) {
        enter(SchedulingPoint.SPAWN);
        Ref ref = node.makeRef();
        return new Spawned(node.spawn(body, null, SpawnOptions.defaults(), this, false, ref).pid, ref);
    }

    @Override
    public Spawned spawnMonitor(MessageHandler handler) {
        enter(SchedulingPoint.SPAWN);
        Ref ref = node.makeRef();
        return new Spawned(node.spawn(null, handler, SpawnOptions.defaults(), this, false, ref).pid, ref);
    }

    @Override
    public Spawned spawnMonitor(ProcessBody body, SpawnOptions options, boolean link) {
        Objects.requireNonNull(body, "process body must not be null");
        Objects.requireNonNull(options, "options");
        enter(SchedulingPoint.SPAWN);
        Ref ref = node.makeRef();
        return new Spawned(node.spawn(body, null, options, this, link, ref).pid, ref);
    }

    @Override
    public Spawned spawnMonitor(MessageHandler handler, SpawnOptions options, boolean link) {
        Objects.requireNonNull(options, "options");
        enter(SchedulingPoint.SPAWN);
        Ref ref = node.makeRef();
        return new Spawned(node.spawn(null, handler, options, this, link, ref).pid, ref);
    }

    private Pid spawnFromHere(ProcessBody body, MessageHandler handler, SpawnOptions options, boolean link) {
        Objects.requireNonNull(options, "options");
        enter(SchedulingPoint.SPAWN);
        return node.spawn(body, handler, options, this, link, null).pid;
    }

    @Override
    public void link(Pid other) {
        ProcessCell target = node.cellOf(other);
        checkOwner();
        point(SchedulingPoint.LINK);
        checkSignals();
        if (target == this || (links != null && links.contains(other))) {
            return; // E1: at most one link per pair
        }
        if (target.state == EXITED && !trapExit) { // E8
            throw new ExitException(ExitReason.noproc());
        }
        synchronized (this) {
            linkTable().add(other);
        }
        Control link = new Control(Control.LINK, pid, null, null);
        if (target.state == EXITED) { // E8, trapping: the LINK bounces at once as Exit(other, noproc)
            node.transmitInOrder(this, target, link);
        } else {
            node.transmit(this, target, link);
        }
    }

    @Override
    public void unlink(Pid other) {
        ProcessCell target = node.cellOf(other);
        checkOwner();
        point(SchedulingPoint.LINK);
        checkSignals();
        boolean removed;
        synchronized (this) {
            removed = links != null && links.remove(other);
        }
        if (removed) {
            node.transmit(this, target, new Control(Control.UNLINK, pid, null, null));
        }
    }

    @Override
    public boolean trapExit(boolean trap) {
        checkOwner();
        point(SchedulingPoint.TRAP_EXIT);
        checkSignals(); // E9: signals that arrived before the change see the old flag
        boolean old = trapExit;
        trapExit = trap;
        return old;
    }

    @Override
    public boolean trapsExit() {
        return trapExit;
    }

    @Override
    public ExitException exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        checkOwner();
        throw new ExitException(reason);
    }

    @Override
    public void exit(Pid target, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        ProcessCell cell = node.cellOf(target);
        enter(SchedulingPoint.SEND);
        if (cell == this) {
            // A signal to oneself is handled at once, after the signals that arrived before it.
            checkSignals();
            handleExit(pid, reason, false);
            if (pendingExit != null) {
                throw new ExitException(pendingExit, true);
            }
            return;
        }
        node.transmit(this, cell, new Control(Control.EXIT, pid, null, reason));
    }

    @Override
    public Ref monitor(Pid target) {
        ProcessCell cell = node.cellOf(target);
        checkOwner();
        point(SchedulingPoint.MONITOR);
        checkSignals();
        return monitorCell(cell, target);
    }

    @Override
    public Ref monitor(String name) {
        Objects.requireNonNull(name, "name");
        checkOwner();
        point(SchedulingPoint.MONITOR);
        checkSignals();
        ProcessCell cell = node.lookup(name);
        if (cell == null) { // M1, M4
            Ref ref = node.makeRef();
            enqueueOwn(new Message(new Down(ref, name, ExitReason.noproc())));
            return ref;
        }
        return monitorCell(cell, name);
    }

    private Ref monitorCell(ProcessCell cell, Object reported) {
        Ref ref = node.makeRef();
        synchronized (this) {
            monitorTable().put(ref, new Monitoring(cell.pid, reported));
        }
        Control monitor = new Control(Control.MONITOR, pid, ref, null);
        if (cell.state == EXITED) {
            // M1: the MONITOR bounces at once as DOWN noproc, keeping both pairs' order (S1)
            node.transmitInOrder(this, cell, monitor);
        } else {
            node.transmit(this, cell, monitor);
        }
        return ref;
    }

    @Override
    public boolean demonitor(Ref ref, boolean flush) {
        Objects.requireNonNull(ref, "monitor reference");
        checkOwner();
        point(SchedulingPoint.MONITOR);
        checkSignals();
        Monitoring m;
        synchronized (this) {
            m = monitors == null ? null : monitors.remove(ref);
        }
        if (m != null) {
            node.transmit(this, m.target().cell, new Control(Control.DEMONITOR, pid, ref, null));
        }
        if (flush) { // M3
            Signal prev = null;
            for (Signal s = queueHead; s != null; ) {
                Signal next = s.next;
                if (((Message) s).payload instanceof Down d && d.ref().equals(ref)) {
                    unlinkQueued(prev, s);
                } else {
                    prev = s;
                }
                s = next;
            }
        }
        return m != null;
    }

    @Override
    public void register(String name) {
        enter(SchedulingPoint.REGISTRY);
        node.register(name, this);
    }

    @Override
    public boolean unregister(String name) {
        enter(SchedulingPoint.REGISTRY);
        return node.unregisterName(name);
    }

    @Override
    public Optional<Pid> whereis(String name) {
        enter(SchedulingPoint.REGISTRY);
        return node.whereisName(name);
    }

    @Override
    public long monotonicTime() {
        return node.clock.nanoTime();
    }

    @Override
    public TimerRef sendAfter(Pid to, Object message, Duration delay) {
        return sendAt(to, message, deadlineAfter(delay));
    }

    @Override
    public TimerRef sendAt(Pid to, Object message, long deadlineNanos) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = node.cellOf(to);
        enter(SchedulingPoint.TIMER);
        return node.startTimer(target, deadlineNanos, t -> new Message(message));
    }

    @Override
    public TimerRef startTimer(Pid to, Object message, Duration delay) {
        return startTimerAt(to, message, deadlineAfter(delay));
    }

    @Override
    public TimerRef startTimerAt(Pid to, Object message, long deadlineNanos) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = node.cellOf(to);
        enter(SchedulingPoint.TIMER);
        return node.startTimer(target, deadlineNanos, t -> new Message(new Timeout(t, message)));
    }

    @Override
    public Optional<Duration> cancelTimer(TimerRef timer) {
        Objects.requireNonNull(timer, "timer");
        enter(SchedulingPoint.TIMER);
        return node.cancelTimer(timer);
    }

    @Override
    public Optional<Duration> readTimer(TimerRef timer) {
        Objects.requireNonNull(timer, "timer");
        enter(SchedulingPoint.TIMER);
        return node.readTimer(timer);
    }

    @Override
    public KeyedTimers timers() {
        checkOwner();
        return this;
    }

    @Override
    public Ref makeRef() {
        return node.makeRef();
    }

    @Override
    public Alias alias() {
        checkOwner();
        Ref ref = node.makeRef();
        if (aliases == null) {
            aliases = new java.util.HashSet<>();
        }
        aliases.add(ref);
        return new Alias(pid, ref);
    }

    @Override
    public boolean unalias(Alias alias) {
        Objects.requireNonNull(alias, "alias");
        checkOwner();
        if (!alias.pid().equals(pid)) {
            throw new IllegalArgumentException("alias " + alias + " belongs to " + alias.pid() + ", not to " + pid);
        }
        return aliases != null && aliases.remove(alias.ref());
    }

    @Override
    public void send(Alias to, Object message) {
        Objects.requireNonNull(to, "alias must not be null");
        Objects.requireNonNull(message, "message must not be null");
        ProcessCell target = node.cellOf(to.pid());
        enter(SchedulingPoint.SEND);
        node.transmit(this, target, new AliasMessage(message, to.ref()));
    }

    // ---- KeyedTimers (owner) --------------------------------------------------------------------

    @Override
    public void startSingleTimer(Object key, Object message, Duration delay) {
        startSingleTimerAt(key, message, deadlineAfter(delay));
    }

    @Override
    public void startSingleTimerAt(Object key, Object message, long deadlineNanos) {
        Objects.requireNonNull(key, "timer key");
        Objects.requireNonNull(message, "message must not be null");
        enter(SchedulingPoint.TIMER);
        if (keyed == null) {
            keyed = new HashMap<>();
        }
        KeyedTimer t = keyed.get(key);
        if (t == null) {
            t = new KeyedTimer(this, key);
            keyed.put(key, t);
        }
        t.message = message; // before the arm, which happens-before its run
        try {
            t.arm = t.clockTimer.arm(deadlineNanos); // replaces the running arm; its queued message turns stale
        } catch (RuntimeException e) { // the clock has stopped (the node is closing): no timer runs
            t.message = null;
            t.active = false;
            throw e;
        }
        t.active = true;
    }

    @Override
    public boolean cancel(Object key) {
        Objects.requireNonNull(key, "timer key");
        enter(SchedulingPoint.TIMER);
        return cancelKeyed(key);
    }

    private boolean cancelKeyed(Object key) {
        KeyedTimer t = keyed == null ? null : keyed.get(key);
        if (t == null || !t.active) {
            return false;
        }
        t.clockTimer.cancel();
        retire(t);
        return true;
    }

    /**
     * Marks a key's timer inactive (cancelled, or its message received): its queued message, if any, is
     * stale from now on. The timer stays for the key's next start unless many keys are kept already.
     */
    private void retire(KeyedTimer t) {
        t.deactivate();
        if (keyed.size() > KEYED_KEPT) {
            keyed.remove(t.key);
        }
    }

    @Override
    public boolean isActive(Object key) {
        checkOwner();
        KeyedTimer t = keyed == null ? null : keyed.get(key);
        return t != null && t.active;
    }

    /** Registers a raw timer aimed at this process; false if the process has terminated. */
    synchronized boolean addTimer(TimerRef timer) {
        if (state == EXITED || exiting) {
            return false;
        }
        if (timersAimedHere == null) {
            timersAimedHere = new java.util.HashSet<>();
        }
        timersAimedHere.add(timer);
        return true;
    }

    synchronized void removeTimer(TimerRef timer) {
        if (timersAimedHere != null) {
            timersAimedHere.remove(timer);
        }
    }

    @Override
    public void cancelAll() {
        checkOwner();
        cancelKeyedTimers();
    }

    private void cancelKeyedTimers() {
        if (keyed != null) {
            for (KeyedTimer t : keyed.values()) {
                t.clockTimer.cancel();
                t.deactivate();
            }
            keyed.clear();
        }
    }

    // ---- tables and info ------------------------------------------------------------------------

    private LinkedHashSet<Pid> linkTable() {
        if (links == null) {
            links = new LinkedHashSet<>();
        }
        return links;
    }

    private LinkedHashMap<Ref, Monitoring> monitorTable() {
        if (monitors == null) {
            monitors = new LinkedHashMap<>();
        }
        return monitors;
    }

    private LinkedHashMap<Ref, Pid> monitoredByTable() {
        if (monitoredBy == null) {
            monitoredBy = new LinkedHashMap<>();
        }
        return monitoredBy;
    }

    boolean isAlive() {
        return !exiting;
    }

    ProcessInfo info() {
        List<Pid> l;
        List<Object> m;
        List<Pid> mb;
        synchronized (this) {
            l = links == null ? List.of() : new ArrayList<>(links);
            m = new ArrayList<>();
            if (monitors != null) {
                monitors.values().forEach(x -> m.add(x.reported()));
            }
            mb = monitoredBy == null ? List.of() : new ArrayList<>(monitoredBy.values());
        }
        Signal head = inbox;
        int inFlight = head == null || head == CLOSED ? 0 : head.depth;
        ProcessStatus status = switch (state) {
            case WAITING -> ProcessStatus.WAITING;
            case IDLE -> ProcessStatus.IDLE;
            case EXITED -> ProcessStatus.EXITING;
            default -> exiting ? ProcessStatus.EXITING : ProcessStatus.RUNNING;
        };
        return new ProcessInfo(
                pid,
                status,
                Optional.ofNullable(registeredName),
                (int) QUEUE_SIZE.getAcquire(this) + inFlight,
                l,
                m,
                mb,
                trapExit,
                initialCall);
    }

    @Override
    public String toString() {
        return "Process" + pid;
    }
}
