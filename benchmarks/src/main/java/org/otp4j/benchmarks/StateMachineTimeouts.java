package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;

/**
 * B10 state machine with timeouts: {@code machines} state machines get {@link #EVENTS} events each; on
 * every event a machine moves to its other state and arms a one-minute state timeout (which never fires:
 * each state change cancels the previous one, and the next event replaces it). The figure is
 * events per second, JMH's auxiliary counter {@code events} (see {@link Counted}).
 *
 * <p>The machines live for the whole trial. Each invocation has one driver send event 0 to every
 * machine, then event 1 to every machine, and so on up to event {@link #EVENTS}{@code - 1}, which also
 * names the driver: a machine checks that its events arrive in order and, on the last, reports how many
 * it handled this round. The invocation fails unless every machine reports {@link #EVENTS}. A timeout
 * that fires crashes its machine, and so fails the invocation too.
 *
 * <p>Comparators ({@code impl}), each with the same protocol: a state change and a re-armed one-minute
 * timeout per event, the old timeout cancelled or replaced.
 *
 * <ul>
 *   <li>{@value #OTP4J} (C1): an otp4j {@link StateMachine} (a handler process, handle-event-function
 *       mode) whose transitions carry {@link Action#stateTimeout}.
 *   <li>{@value #OTP4J_POOL} (C1): the same machines with their activations on a {@code ForkJoinPool}.
 *   <li>{@value #VTHREADS} (C2): a virtual thread per machine, its state in local variables; the state
 *       timeout is the timeout of the {@code LinkedTransferQueue.poll} that waits for the next event
 *       (every event changes state and so re-arms the full timeout; before the first event none is
 *       armed, as in the others). The JDK arms a timer only when the thread actually parks, so an event
 *       that is already queued costs no timer here, unlike in the other comparators. The driver is a
 *       virtual thread.
 *   <li>{@value #PEKKO} (C3): Pekko typed actors built with {@code Behaviors.withTimers} that switch
 *       between two behaviours and call {@code startSingleTimer} with one key on every event (which
 *       replaces the running timer).
 *   <li>{@value #PEKKO_VT} (C4): as {@value #PEKKO}, with the default dispatcher on Pekko's {@code
 *       virtual-thread-executor} (timers still run on Pekko's scheduler thread).
 *   <li>{@value #LOOP} (C5): machines on a single-threaded {@link EventLoop} with a general timer queue:
 *       an indexed binary min-heap of deadlines ({@code System.nanoTime()} + the timeout), where an
 *       event re-arms its machine's one entry in place (O(log n), the old timeout gone). Expired timers
 *       are delivered whenever the loop's queue runs empty, as an event loop checks its timers between
 *       batches. It does not exploit that every timeout here has the same duration (which would allow an
 *       O(1) list), since the other comparators' timers do not either.
 * </ul>
 *
 * Run it through {@link Carriers1} and {@link Carriers2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class StateMachineTimeouts {
    /** Events each machine gets per invocation. */
    public static final int EVENTS = 10;

    /** The timeout every event arms; long enough never to fire during a run. */
    static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** C1: otp4j state machines. */
    public static final String OTP4J = "otp4j";

    /**
     * C1 variant: the same machines with their activations run on a {@code ForkJoinPool} sized to the
     * carrier parallelism ({@code SpawnOptions.executor}) instead of a fresh virtual thread each.
     */
    public static final String OTP4J_POOL = "otp4j-pool";

    /** C2: a virtual thread per machine; the timeout is that of its blocking poll. */
    public static final String VTHREADS = Comparators.VTHREADS;

    /** C3: Pekko typed actors with timers. */
    public static final String PEKKO = Comparators.PEKKO;

    /** C4: as {@link #PEKKO}, with Pekko's default dispatcher on its virtual-thread executor. */
    public static final String PEKKO_VT = Comparators.PEKKO_VT;

    /** C5: machines on a single-threaded event loop with a timer heap. */
    public static final String LOOP = Comparators.LOOP;

    /** Which comparator runs the workload. */
    @Param({OTP4J, OTP4J_POOL, VTHREADS, PEKKO, PEKKO_VT, LOOP})
    public String impl;

    /** How many machines; BENCHMARKS.md's size is 100,000 (the quick profile uses 10,000). */
    @Param({"100000"})
    public int machines;

    private Machines fleet;

    /**
     * The events handled, as a JMH auxiliary counter: JMH reports it as a rate, {@code events} per
     * second, beside the primary score (rounds per second).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        /** Events handled in the current iteration. */
        public long events;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            events = 0;
        }
    }

    /** Starts the machines. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be positive: " + machines);
        }
        fleet = switch (impl) {
            case OTP4J -> new Otp4jMachines(machines, null);
            case OTP4J_POOL ->
                new Otp4jMachines(
                        machines,
                        new ForkJoinPool(
                                Comparators.carrierParallelism(),
                                ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                                null,
                                true));
            case VTHREADS -> new ThreadMachines(machines);
            case PEKKO, PEKKO_VT -> new PekkoMachines(impl, machines);
            case LOOP -> new LoopMachines(machines);
            default ->
                throw new IllegalArgumentException("unknown comparator '" + impl + "', expected "
                        + List.of(OTP4J, OTP4J_POOL, VTHREADS, PEKKO, PEKKO_VT, LOOP));
        };
        check(fleet.round(), machines); // a broken set-up fails here rather than in the warm-up
    }

    /** Stops the machines. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fleet.stop();
    }

    /**
     * One round: {@link #EVENTS} events to each of the machines, each event arming a timeout and
     * changing state. The primary score is rounds per second; the {@code events} counter is the
     * figure that matters, events per second.
     *
     * @param counted the event counter
     * @return the number of events the machines handled
     */
    @Benchmark
    public long round(Counted counted) throws Exception {
        long events = (long) check(fleet.round(), machines) * EVENTS;
        counted.events += events;
        return events;
    }

    private static int check(int reports, int expected) {
        if (reports != expected) {
            throw new IllegalStateException(
                    "expected " + expected + " machines to report " + EVENTS + " events, " + reports + " did");
        }
        return reports;
    }

    /** B10 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends StateMachineTimeouts {}

    /** B10 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends StateMachineTimeouts {}

    /** The machines of one comparator. */
    private interface Machines {
        /**
         * Sends {@link #EVENTS} events to every machine and waits for every machine's report.
         *
         * @return how many machines reported exactly {@link #EVENTS} events
         */
        int round() throws Exception;

        /** Stops the machines. */
        void stop() throws Exception;
    }

    // ---- messages -----------------------------------------------------------------------------

    /** The two states a machine alternates between. */
    private enum Light {
        GREEN,
        RED;

        Light other() {
            return this == GREEN ? RED : GREEN;
        }
    }

    /** An event; the last of a round names where the machine reports. */
    private record Event(int seq, Object reportTo) {}

    /** A machine's report: the events it handled this round. */
    private record Report(int events) {}

    /** The timeout's content; a machine that sees it fails. */
    private record Idle() {}

    private static final Idle IDLE = new Idle();

    private static IllegalStateException outOfOrder(int expected, Object got) {
        return new IllegalStateException("expected event " + expected + ", got " + got);
    }

    // ---- C1 otp4j -----------------------------------------------------------------------------

    /** The data is the number of events handled this round. */
    private static final class Otp4jMachine implements StateMachine<Light, Integer> {
        @Override
        public Init<Light, Integer> init(ProcessContext self) {
            return Init.ok(Light.GREEN, 0);
        }

        @Override
        public Transition<Light, Integer> handleEvent(
                ProcessContext self, EventType type, Object content, Light state, Integer handled) {
            if (!(type instanceof EventType.Cast) || !(content instanceof Event(int seq, Object reportTo))) {
                throw new IllegalStateException("unexpected " + type + " event " + content + " in " + state);
            }
            if (seq != handled) {
                throw outOfOrder(handled, content);
            }
            int now = handled + 1;
            if (reportTo != null) {
                self.send((Pid) reportTo, new Report(now));
                now = 0;
            }
            return Transition.nextState(state.other(), now, Action.stateTimeout(TIMEOUT, IDLE));
        }
    }

    private static final class Otp4jMachines implements Machines {
        private final Node node = Node.builder().name("statem-timeouts").build();
        private final Pid[] machines;
        private final ForkJoinPool pool; // the machines' executor, or null for virtual threads

        Otp4jMachines(int n, ForkJoinPool pool) {
            this.pool = pool;
            SpawnOptions options = pool == null
                    ? SpawnOptions.defaults()
                    : SpawnOptions.defaults().executor(pool);
            machines = node.run(
                    self -> {
                        Pid[] pids = new Pid[n];
                        Otp4jMachine callbacks = new Otp4jMachine();
                        for (int i = 0; i < n; i++) {
                            pids[i] =
                                    StateMachine.start(self, callbacks, options).pid();
                        }
                        return pids;
                    },
                    Duration.ofMinutes(5));
        }

        @Override
        public int round() {
            return node.run(
                    self -> {
                        Pid me = self.self();
                        for (int seq = 0; seq < EVENTS; seq++) {
                            Event event = new Event(seq, seq == EVENTS - 1 ? me : null);
                            for (Pid m : machines) {
                                StateMachine.cast(self, m, event);
                            }
                        }
                        int reports = 0;
                        for (int i = 0; i < machines.length; i++) {
                            Report r = self.<Report>receive(
                                            m -> m instanceof Report x ? x : null, Duration.ofSeconds(30))
                                    .orElseThrow(() -> new IllegalStateException("a machine did not report"));
                            if (r.events() == EVENTS) {
                                reports++;
                            }
                        }
                        return reports;
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            int live = node.processes().size();
            node.close();
            if (pool != null) {
                pool.shutdown();
            }
            if (live != machines.length) {
                throw new IllegalStateException("expected " + machines.length + " machines alive, found " + live);
            }
        }
    }

    // ---- C2 plain virtual threads -------------------------------------------------------------

    private record Stop() {}

    private static final Stop STOP = new Stop();

    private static final class ThreadMachines implements Machines {
        private final LinkedTransferQueue<Object>[] boxes;
        private final Thread[] threads;
        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>(); // or a machine's failure

        @SuppressWarnings("unchecked")
        ThreadMachines(int n) {
            boxes = new LinkedTransferQueue[n];
            threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                boxes[i] = new LinkedTransferQueue<>();
                threads[i] = Thread.ofVirtual().start(machine(boxes[i]));
            }
        }

        private Runnable machine(LinkedTransferQueue<Object> box) {
            return () -> {
                try {
                    Light state = Light.GREEN;
                    int handled = 0;
                    boolean armed = false; // no timeout before the first event
                    while (true) {
                        Object m = armed ? box.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS) : box.take();
                        if (m == null) {
                            throw new IllegalStateException("the state timeout fired in " + state);
                        }
                        if (m == STOP) {
                            return;
                        }
                        if (!(m instanceof Event(int seq, Object reportTo))) {
                            throw new IllegalStateException("unexpected " + m + " in " + state);
                        }
                        if (seq != handled) {
                            throw outOfOrder(handled, m);
                        }
                        handled++;
                        if (reportTo != null) {
                            @SuppressWarnings("unchecked")
                            LinkedTransferQueue<Object> to = (LinkedTransferQueue<Object>) reportTo;
                            to.put(new Report(handled));
                            handled = 0;
                        }
                        state = state.other();
                        armed = true; // the next poll's timeout is this state's timeout
                    }
                } catch (Throwable t) {
                    reports.put(t);
                }
            };
        }

        @Override
        public int round() throws Exception {
            return Comparators.onVirtualThread("driver", () -> {
                for (int seq = 0; seq < EVENTS; seq++) {
                    Event event = new Event(seq, seq == EVENTS - 1 ? reports : null);
                    for (LinkedTransferQueue<Object> box : boxes) {
                        box.put(event);
                    }
                }
                int complete = 0;
                for (int i = 0; i < boxes.length; i++) {
                    Object r = reports.poll(30, TimeUnit.SECONDS);
                    if (!(r instanceof Report(int events))) {
                        throw new IllegalStateException(
                                "a machine failed or did not report: " + r, r instanceof Throwable t ? t : null);
                    }
                    if (events == EVENTS) {
                        complete++;
                    }
                }
                return complete;
            });
        }

        @Override
        public void stop() throws Exception {
            int live = 0;
            for (Thread t : threads) {
                live += t.isAlive() ? 1 : 0;
            }
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(STOP);
            }
            for (Thread t : threads) {
                if (!t.join(Comparators.INVOCATION_TIMEOUT)) {
                    throw new IllegalStateException("a machine did not stop");
                }
            }
            if (live != threads.length || !reports.isEmpty()) {
                throw new IllegalStateException("expected " + threads.length + " machines alive, found " + live
                        + "; left in the report queue: " + reports);
            }
        }
    }

    // ---- C3 / C4 Pekko typed ------------------------------------------------------------------

    private sealed interface MachineMsg permits PEvent, PIdle {}

    private record PEvent(int seq, ActorRef<DriverMsg> reportTo) implements MachineMsg {}

    private record PIdle() implements MachineMsg {}

    private static final PIdle P_IDLE = new PIdle();

    /** The key of a machine's one timer. */
    private static final Object TIMER_KEY = "state-timeout";

    private sealed interface DriverMsg permits Run, PReport {}

    private record Run(ActorRef<Integer> replyTo) implements DriverMsg {}

    private record PReport(int events) implements DriverMsg {}

    /** A machine: two behaviours, green and red; every event re-arms the timer and switches. */
    private static final class PekkoMachine {
        private final TimerScheduler<MachineMsg> timers;
        private final Behavior<MachineMsg> green = Behaviors.receiveMessage(m -> on(m, Light.GREEN));
        private final Behavior<MachineMsg> red = Behaviors.receiveMessage(m -> on(m, Light.RED));
        private int handled;

        PekkoMachine(TimerScheduler<MachineMsg> timers) {
            this.timers = timers;
        }

        static Behavior<MachineMsg> create() {
            return Behaviors.withTimers(timers -> new PekkoMachine(timers).green);
        }

        private Behavior<MachineMsg> on(MachineMsg m, Light state) {
            if (!(m instanceof PEvent(int seq, ActorRef<DriverMsg> reportTo))) {
                throw new IllegalStateException("unexpected " + m + " in " + state);
            }
            if (seq != handled) {
                throw outOfOrder(handled, m);
            }
            handled++;
            if (reportTo != null) {
                reportTo.tell(new PReport(handled));
                handled = 0;
            }
            timers.startSingleTimer(TIMER_KEY, P_IDLE, TIMEOUT);
            return state == Light.GREEN ? red : green;
        }
    }

    private static final class PekkoMachines implements Machines {
        private final ActorSystem<DriverMsg> system;

        PekkoMachines(String impl, int n) {
            system = Comparators.pekko(impl, Behaviors.setup(ctx -> new Driver(ctx, n)), "statem-timeouts");
        }

        @Override
        public int round() throws Exception {
            return AskPattern.<DriverMsg, Integer>ask(
                            system, Run::new, Comparators.INVOCATION_TIMEOUT, system.scheduler())
                    .toCompletableFuture()
                    .get();
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    /** Spawns the machines; on a run, sends the events and counts the reports. */
    private static final class Driver extends AbstractBehavior<DriverMsg> {
        private final List<ActorRef<MachineMsg>> machines;
        private ActorRef<Integer> replyTo;
        private int waiting;
        private int reports;

        Driver(ActorContext<DriverMsg> context, int n) {
            super(context);
            machines = new ArrayList<>(n);
            Behavior<MachineMsg> machine = PekkoMachine.create();
            for (int i = 0; i < n; i++) {
                machines.add(context.spawnAnonymous(machine));
            }
        }

        @Override
        public Receive<DriverMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Run.class, this::onRun)
                    .onMessage(PReport.class, this::onReport)
                    .build();
        }

        private Behavior<DriverMsg> onRun(Run r) {
            if (replyTo != null) {
                throw new IllegalStateException("a run is already going");
            }
            replyTo = r.replyTo();
            waiting = machines.size();
            reports = 0;
            ActorRef<DriverMsg> self = getContext().getSelf();
            for (int seq = 0; seq < EVENTS; seq++) {
                PEvent event = new PEvent(seq, seq == EVENTS - 1 ? self : null);
                for (ActorRef<MachineMsg> m : machines) {
                    m.tell(event);
                }
            }
            return this;
        }

        private Behavior<DriverMsg> onReport(PReport r) {
            if (r.events() == EVENTS) {
                reports++;
            }
            if (--waiting == 0) {
                replyTo.tell(reports);
                replyTo = null;
            }
            return this;
        }
    }

    // ---- C5 event loop ------------------------------------------------------------------------

    private static final class LoopMachines implements Machines {
        private final EventLoop loop = new EventLoop();
        private final TimerHeap timers = new TimerHeap();
        private final LoopMachine[] machines;
        private int reports; // machines that reported EVENTS events this round
        private final EventLoop.Actor driver = (l, m) -> {
            if (((Report) m).events() == EVENTS) {
                reports++;
            }
        };

        LoopMachines(int n) {
            machines = new LoopMachine[n];
            for (int i = 0; i < n; i++) {
                machines[i] = new LoopMachine(timers);
            }
        }

        @Override
        public int round() {
            reports = 0;
            for (int seq = 0; seq < EVENTS; seq++) {
                Event event = new Event(seq, seq == EVENTS - 1 ? driver : null);
                for (LoopMachine m : machines) {
                    loop.send(m, event);
                }
            }
            do {
                loop.run();
            } while (timers.fireExpired(loop, System.nanoTime()) > 0);
            return reports;
        }

        @Override
        public void stop() {
            if (timers.size() != machines.length) {
                throw new IllegalStateException("expected a timeout armed for each of " + machines.length
                        + " machines, found " + timers.size());
            }
        }
    }

    /** A machine on the loop: its state, its count of events this round, and its place in the timer heap. */
    private static final class LoopMachine implements EventLoop.Actor {
        private final TimerHeap timers;
        private Light state = Light.GREEN;
        private int handled;
        private long deadline; // of the running timeout, System.nanoTime() based; valid while slot >= 0
        private int slot = -1; // the index in the timer heap, or -1 if no timeout is armed

        LoopMachine(TimerHeap timers) {
            this.timers = timers;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            if (!(m instanceof Event(int seq, Object reportTo))) {
                throw new IllegalStateException("unexpected " + m + " in " + state); // IDLE: a timeout fired
            }
            if (seq != handled) {
                throw outOfOrder(handled, m);
            }
            handled++;
            if (reportTo != null) {
                loop.send((EventLoop.Actor) reportTo, new Report(handled));
                handled = 0;
            }
            timers.arm(this, System.nanoTime() + TIMEOUT_NANOS);
            state = state.other();
        }
    }

    private static final long TIMEOUT_NANOS = TIMEOUT.toNanos();

    /**
     * C5's timer queue: a binary min-heap of machines ordered by deadline, each machine knowing its
     * index, so that re-arming a machine's timeout moves its one entry instead of adding another.
     * Deadlines are compared by difference, as {@code System.nanoTime()} values must be.
     */
    private static final class TimerHeap {
        private LoopMachine[] heap = new LoopMachine[64];
        private int size;

        int size() {
            return size;
        }

        /** Arms {@code m}'s timeout for {@code deadline}, replacing the one it had, if any. */
        void arm(LoopMachine m, long deadline) {
            m.deadline = deadline;
            if (m.slot < 0) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, size * 2);
                }
                m.slot = size;
                heap[size++] = m;
            }
            if (!siftUp(m.slot)) {
                siftDown(m.slot);
            }
        }

        /** Sends {@link #IDLE} to every machine whose deadline has passed at {@code now}; returns how many. */
        int fireExpired(EventLoop loop, long now) {
            int fired = 0;
            while (size > 0 && heap[0].deadline - now <= 0) {
                LoopMachine m = heap[0];
                m.slot = -1;
                LoopMachine last = heap[--size];
                heap[size] = null;
                if (size > 0) {
                    heap[0] = last;
                    last.slot = 0;
                    siftDown(0);
                }
                loop.send(m, IDLE);
                fired++;
            }
            return fired;
        }

        /** Moves the entry at {@code i} towards the root while it is earlier than its parent. */
        private boolean siftUp(int i) {
            LoopMachine m = heap[i];
            int start = i;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                LoopMachine p = heap[parent];
                if (m.deadline - p.deadline >= 0) {
                    break;
                }
                heap[i] = p;
                p.slot = i;
                i = parent;
            }
            heap[i] = m;
            m.slot = i;
            return i != start;
        }

        /** Moves the entry at {@code i} towards the leaves while a child is earlier. */
        private void siftDown(int i) {
            LoopMachine m = heap[i];
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1].deadline - heap[child].deadline < 0) {
                    child++;
                }
                LoopMachine c = heap[child];
                if (c.deadline - m.deadline >= 0) {
                    break;
                }
                heap[i] = c;
                c.slot = i;
                i = child;
            }
            heap[i] = m;
            m.slot = i;
        }
    }
}
