package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.registry.Registry;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;
import org.otp4j.supervisor.ChildInfo;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Supervisor;

/**
 * B11 Supervisor restarts under a crash storm (one for one): the score is nanoseconds per restart
 * (restarts/s is 10<sup>9</sup> divided by the score; the target is at least 100,000/s).
 *
 * <p>A one-for-one supervisor has {@link #WORKERS} workers, each a {@link GenServer} started under a
 * via-name ({@code "w0"} ... ) in a registry with unique keys; its intensity ({@code Integer.MAX_VALUE}
 * restarts in 1 s) never lets it escalate. One invocation crashes {@link #CRASHES} workers in {@link
 * #WAVES} waves: a wave makes every worker throw once (a cast it answers by throwing a preallocated
 * exception), and the next wave starts when all of the wave's restarts have happened. "Happened" is
 * event-driven: a listener of the registry counts the {@code Registered} events (a restarted worker takes
 * its name again before its init runs) and answers when the count is reached; nothing polls. After every
 * invocation (outside the timed region) the registry must agree with {@code whichChildren}: {@link
 * #WORKERS} children, each running, each name held by exactly that child's pid, and exactly {@link
 * #WORKERS} entries; and the number of registrations must be exact (no restart lost or doubled).
 *
 * <p>The engine logs every crash and restart ({@code System.Logger}, at {@code ERROR}); the loggers are
 * switched off here, so that the figure is the restart machinery rather than console output (the
 * messages are still built).
 *
 * <p>Comparators ({@code impl}):
 *
 * <ul>
 *   <li>{@value #OTP4J}: as above. A restart is a new process: the supervisor gets the EXIT, calls
 *       {@code GenServer.startLink} (spawn, via-name registration, init, acknowledgement), and the old
 *       process's registry entry was removed by its exit hook before the EXIT went out.
 *   <li>{@value #PEKKO}: Pekko typed. A parent actor spawns {@link #WORKERS} children, each {@code
 *       Behaviors.supervise(child).onFailure(SupervisorStrategy.restart())} (failure logging off); a
 *       child throws the same preallocated exception on a {@code Crash} message, and its {@code
 *       Behaviors.setup} reports every (re)start to the parent, which counts them as the registry
 *       listener does. A Pekko restart keeps the actor, its mailbox and its {@code ActorRef} and only
 *       makes a fresh behaviour; there is no name registry to update.
 *   <li>{@value #PEKKO_VT}: as {@value #PEKKO}, with the default dispatcher on Pekko's {@code
 *       virtual-thread-executor} (C4).
 *   <li>{@value #VTHREADS}: plain virtual threads (C2), a hand-made one-for-one supervisor. A worker is a
 *       virtual thread with a {@code LinkedTransferQueue} inbox that it registers under its name in a
 *       {@code ConcurrentHashMap} (the registry) when it starts, then reports {@code Started} to the
 *       host; any message but a stop makes it throw. The thread dies of the exception; its uncaught
 *       exception handler (the link) removes its name and puts an exit notice into the supervisor's
 *       queue, and the supervisor, a virtual thread blocked on that queue, starts a new worker thread
 *       with a new inbox in the slot. So a restart here is what it is in otp4j (a new thread, a new
 *       mailbox, the name taken again, messages left in the old inbox lost) without what a supervisor
 *       adds: no intensity limit, no child specification, no start acknowledgement, no shutdown
 *       protocol. The host counts the {@code Started} reports as the registry listener counts
 *       registrations; after each invocation the registry must hold exactly the supervisor's current
 *       inbox under each name, every worker thread alive, and each slot must have started exactly
 *       once per crash plus once.
 * </ul>
 *
 * Run it through {@link Carriers1} and {@link Carriers2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SupervisorRestarts {
    /** Workers under the supervisor. */
    public static final int WORKERS = 1_000;

    /** Waves per invocation: every worker crashes once per wave. */
    public static final int WAVES = 10;

    /** Crashes (and restarts) per invocation. */
    public static final int CRASHES = WORKERS * WAVES;

    /** C1: otp4j supervisor, GenServer workers under via-names. */
    public static final String OTP4J = "otp4j";

    /** C2: a supervisor virtual thread that starts a new worker thread for each one that died. */
    public static final String VTHREADS = Comparators.VTHREADS;

    /** C3: Pekko typed supervision with a restart strategy. */
    public static final String PEKKO = Comparators.PEKKO;

    /** C4: as {@link #PEKKO}, with Pekko's default dispatcher on its virtual-thread executor. */
    public static final String PEKKO_VT = Comparators.PEKKO_VT;

    /** Which comparator runs the workload. */
    @Param({OTP4J, VTHREADS, PEKKO, PEKKO_VT})
    public String impl;

    /** What a worker throws when told to crash: preallocated, without a stack trace, for every comparator. */
    static final RuntimeException CRASH = new RuntimeException("crash storm", null, false, false) {};

    /** The engine's loggers, held so that their level stays set. */
    private static final List<Logger> QUIET =
            List.of(Logger.getLogger("org.otp4j.supervisor"), Logger.getLogger("org.otp4j.server"));

    private Storm storm;

    /** Starts the supervisor and its workers. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        for (Logger l : QUIET) {
            l.setLevel(java.util.logging.Level.OFF);
        }
        storm = switch (impl) {
            case OTP4J -> new Otp4jStorm();
            case VTHREADS -> new ThreadStorm();
            case PEKKO, PEKKO_VT -> new PekkoStorm(impl);
            default ->
                throw new IllegalArgumentException("unknown comparator '" + impl + "', expected one of "
                        + List.of(OTP4J, VTHREADS, PEKKO, PEKKO_VT));
        };
        // one wave, so that a broken set-up fails here rather than in the warm-up
        storm.crash(1);
        storm.check();
    }

    /** Stops the supervisor and the workers. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        storm.stop();
    }

    /**
     * {@link #CRASHES} crashes, each followed by a restart, in {@link #WAVES} waves.
     *
     * @return the number of (re)starts seen so far
     */
    @Benchmark
    @OperationsPerInvocation(CRASHES)
    public long restarts() throws Exception {
        return storm.crash(WAVES);
    }

    /** After each invocation: the registry (or the start count) agrees with the supervisor. */
    @TearDown(Level.Invocation)
    public void consistent() throws Exception {
        storm.check();
    }

    /** B11 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends SupervisorRestarts {}

    /** B11 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends SupervisorRestarts {}

    /** A supervised crash storm of one comparator. */
    private interface Storm {
        /**
         * Crashes every worker {@code waves} times, a wave at a time, and waits for every restart.
         *
         * @return the number of (re)starts seen so far
         */
        long crash(int waves) throws Exception;

        /** Throws unless the tree is consistent and the start count is exact. */
        void check() throws Exception;

        /** Stops everything. */
        void stop() throws Exception;
    }

    // ---- C1 otp4j -----------------------------------------------------------------------------

    /** A worker: any cast makes it throw {@link #CRASH}. */
    private record Worker() implements GenServer<Integer> {
        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0);
        }

        @Override
        public Result<Integer> handleCast(ProcessContext self, Object request, Integer state) {
            throw CRASH;
        }
    }

    /** Asks the listener to answer with {@link Reached} once it has counted {@code total} registrations. */
    private record Await(long total, Pid replyTo) {}

    private record Reached(long total) {}

    private static final class Otp4jStorm implements Storm {
        private final Node node = Node.builder().name("b11").build();
        private final Pid listener;
        private final Registry registry;
        private final Pid supervisor;
        private final String[] names = new String[WORKERS];
        private long expected; // registrations so far, if every crash was restarted exactly once

        Otp4jStorm() {
            listener = node.spawn((ProcessBody) Otp4jStorm::listen);
            registry = Registry.builder(Registry.Keys.UNIQUE)
                    .name("b11")
                    .listener(listener)
                    .build(node);
            List<ChildSpec> children = new ArrayList<>(WORKERS);
            for (int i = 0; i < WORKERS; i++) {
                names[i] = "w" + i;
                children.add(ChildSpec.server(
                        names[i], Worker::new, SpawnOptions.defaults().name(registry.via(names[i]))));
            }
            Flags flags = Flags.oneForOne().withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1));
            supervisor = Supervisor.start(node, flags, children, SpawnOptions.defaults())
                    .pid();
            expected = WORKERS;
            node.run(self -> awaitRegistrations(self, expected), Comparators.INVOCATION_TIMEOUT);
        }

        /** The registry's listener: counts Registered events and answers awaits once they are reached. */
        private static void listen(ProcessContext self) {
            long registered = 0;
            Await waiting = null;
            while (true) {
                Object m = self.receive();
                switch (m) {
                    case Registry.Registered r -> registered++;
                    case Registry.Unregistered u -> {}
                    case Await a -> waiting = a;
                    default -> throw new IllegalStateException("unexpected " + m);
                }
                if (waiting != null && registered >= waiting.total()) {
                    self.send(waiting.replyTo(), new Reached(registered));
                    waiting = null;
                }
            }
        }

        private long awaitRegistrations(ProcessContext self, long total) {
            self.send(listener, new Await(total, self.self()));
            return self.<Reached>receive(m -> m instanceof Reached r ? r : null, Duration.ofSeconds(30))
                    .orElseThrow(() -> new IllegalStateException(
                            "fewer than " + total + " registrations after 30 s: restarts were lost"))
                    .total();
        }

        @Override
        public long crash(int waves) {
            return node.run(
                    self -> {
                        long seen = 0;
                        for (int w = 0; w < waves; w++) {
                            for (String name : names) {
                                Pid worker = registry.whereis(name)
                                        .orElseThrow(() -> new IllegalStateException(name + " is not registered"));
                                GenServer.cast(self, worker, "crash");
                            }
                            expected += WORKERS;
                            seen = awaitRegistrations(self, expected);
                        }
                        return seen;
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void check() {
            node.run(
                    self -> {
                        long seen = awaitRegistrations(self, expected);
                        if (seen != expected) {
                            throw new IllegalStateException(
                                    "expected " + expected + " registrations in all, the listener counted " + seen);
                        }
                        List<ChildInfo> children = Supervisor.whichChildren(self, supervisor);
                        if (children.size() != WORKERS) {
                            throw new IllegalStateException(
                                    "expected " + WORKERS + " children, found " + children.size());
                        }
                        for (ChildInfo c : children) {
                            Optional<Pid> pid = c.pid();
                            if (pid.isEmpty() || !registry.whereis(c.id()).equals(pid)) {
                                throw new IllegalStateException("child " + c.id() + " is " + c.status()
                                        + " but its name is held by " + registry.whereis(c.id()));
                            }
                        }
                        if (registry.count() != WORKERS) {
                            throw new IllegalStateException(
                                    "expected " + WORKERS + " registry entries, found " + registry.count());
                        }
                        return null;
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            int live = node.processes().size();
            node.close();
            if (live != WORKERS + 2) {
                throw new IllegalStateException("expected the supervisor, the listener and " + WORKERS
                        + " workers alive, found " + live + " processes");
            }
        }
    }

    // ---- C2 plain virtual threads -------------------------------------------------------------

    /** To a C2 worker: end normally. */
    private record Stop() {}

    private static final Stop STOP = new Stop();

    /** From a dying C2 worker's uncaught exception handler to the supervisor. */
    private record Exit(int slot, Throwable reason) {}

    /** From the host to the C2 supervisor: reply with a snapshot of the children. */
    private record WhichChildren(LinkedTransferQueue<Object> replyTo) {}

    /** A C2 child as the supervisor knows it: its thread and the inbox it was started with. */
    private record Child(Thread thread, LinkedTransferQueue<Object> inbox) {}

    private static final class ThreadStorm implements Storm {
        private final ConcurrentHashMap<String, LinkedTransferQueue<Object>> registry = new ConcurrentHashMap<>();
        private final LinkedTransferQueue<Object> supervisorBox = new LinkedTransferQueue<>();
        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>(); // Started, or a failure
        private final String[] names = new String[WORKERS];
        private final long[] starts = new long[WORKERS]; // Started reports per slot; the host's
        private final Thread supervisor;
        private long expected; // starts so far, if every crash was restarted exactly once

        ThreadStorm() throws Exception {
            for (int i = 0; i < WORKERS; i++) {
                names[i] = "w" + i;
            }
            supervisor = Thread.ofVirtual().name("supervisor").start(this::supervise);
            expected = WORKERS;
            Comparators.onVirtualThread("host", () -> awaitStarts(WORKERS));
        }

        /** The supervisor's loop: starts the workers, then a new one in the slot of each that dies. */
        private void supervise() {
            Child[] children = new Child[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                children[i] = startWorker(i);
            }
            try {
                while (true) {
                    switch (supervisorBox.take()) {
                        case Exit(int slot, Throwable reason) -> {
                            if (reason != CRASH) {
                                reports.put(reason); // not the crash the host asked for: fail the run
                            }
                            children[slot] = startWorker(slot);
                        }
                        case WhichChildren(LinkedTransferQueue<Object> replyTo) -> replyTo.put(children.clone());
                        case Stop s -> {
                            for (Child c : children) {
                                c.inbox().put(STOP);
                            }
                            for (Child c : children) {
                                c.thread().join();
                            }
                            return;
                        }
                        default -> throw new IllegalStateException("the supervisor got an unexpected message");
                    }
                }
            } catch (Throwable t) {
                reports.put(t);
            }
        }

        private Child startWorker(int slot) {
            String name = names[slot];
            LinkedTransferQueue<Object> inbox = new LinkedTransferQueue<>();
            Thread thread = Thread.ofVirtual()
                    .uncaughtExceptionHandler((t, e) -> {
                        // as otp4j's exit hook: the name goes before the supervisor hears of the exit
                        registry.remove(name, inbox);
                        supervisorBox.put(new Exit(slot, e));
                    })
                    .start(() -> {
                        if (registry.putIfAbsent(name, inbox) != null) {
                            throw new IllegalStateException(name + " is still registered");
                        }
                        reports.put(new Started(slot));
                        Object m;
                        try {
                            m = inbox.take();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException("a worker was interrupted", e);
                        }
                        if (m != STOP) {
                            throw CRASH; // the thread dies of it; its handler tells the supervisor
                        }
                    });
            return new Child(thread, inbox);
        }

        /** Takes {@code n} Started reports; throws if something else comes, or nothing for 30 s. */
        private long awaitStarts(int n) throws InterruptedException {
            for (int i = 0; i < n; i++) {
                Object m = reports.poll(30, TimeUnit.SECONDS);
                if (!(m instanceof Started(int slot))) {
                    throw new IllegalStateException(
                            "a worker or the supervisor failed, or restarts were lost: " + m,
                            m instanceof Throwable t ? t : null);
                }
                starts[slot]++;
            }
            return n;
        }

        @Override
        public long crash(int waves) throws Exception {
            return Comparators.onVirtualThread("host", () -> {
                for (int w = 0; w < waves; w++) {
                    for (String name : names) {
                        LinkedTransferQueue<Object> worker = registry.get(name);
                        if (worker == null) {
                            throw new IllegalStateException(name + " is not registered");
                        }
                        worker.put("crash");
                    }
                    expected += awaitStarts(WORKERS);
                }
                return expected;
            });
        }

        @Override
        public void check() throws Exception {
            Object extra = reports.poll();
            if (extra != null) {
                throw new IllegalStateException("a report beyond the expected restarts: " + extra);
            }
            long perSlot = expected / WORKERS;
            for (int i = 0; i < WORKERS; i++) {
                if (starts[i] != perSlot) {
                    throw new IllegalStateException(
                            "worker " + i + " started " + starts[i] + " times, expected " + perSlot);
                }
            }
            LinkedTransferQueue<Object> reply = new LinkedTransferQueue<>();
            supervisorBox.put(new WhichChildren(reply));
            if (!(reply.poll(30, TimeUnit.SECONDS) instanceof Child[] children)) {
                throw new IllegalStateException("the supervisor did not answer");
            }
            for (int i = 0; i < WORKERS; i++) {
                if (!children[i].thread().isAlive() || registry.get(names[i]) != children[i].inbox()) {
                    throw new IllegalStateException("child " + names[i] + " is "
                            + (children[i].thread().isAlive() ? "alive" : "dead")
                            + " but its name is held by another inbox or none");
                }
            }
            if (registry.size() != WORKERS) {
                throw new IllegalStateException("expected " + WORKERS + " registry entries, found " + registry.size());
            }
        }

        @Override
        public void stop() throws Exception {
            boolean alive = supervisor.isAlive();
            supervisorBox.put(STOP);
            if (!supervisor.join(Comparators.INVOCATION_TIMEOUT)) {
                throw new IllegalStateException("the supervisor did not stop");
            }
            if (!alive || !reports.isEmpty()) {
                throw new IllegalStateException("the supervisor had ended, or failed: " + reports.poll());
            }
        }
    }

    // ---- C3 / C4 Pekko typed ------------------------------------------------------------------

    private sealed interface ParentMsg permits Started, Wave, Count {}

    /** From a child's setup: it (re)started. */
    private record Started(int index) implements ParentMsg {}

    /** From the host: crash every child {@code waves} times, a wave at a time; answer with the starts. */
    private record Wave(int waves, ActorRef<long[]> replyTo) implements ParentMsg {}

    /** From the host: answer with the start count of every child. */
    private record Count(ActorRef<long[]> replyTo) implements ParentMsg {}

    private enum Crash {
        INSTANCE
    }

    private static Behavior<Crash> child(int index, ActorRef<ParentMsg> parent) {
        return Behaviors.supervise(Behaviors.<Crash>setup(c -> {
                    parent.tell(new Started(index));
                    return Behaviors.receiveMessage(m -> {
                        throw CRASH;
                    });
                }))
                .onFailure(RuntimeException.class, SupervisorStrategy.restart().withLoggingEnabled(false));
    }

    /** Spawns the children; sends the waves and counts the (re)starts. */
    private static final class Parent extends AbstractBehavior<ParentMsg> {
        private final List<ActorRef<Crash>> children = new ArrayList<>(WORKERS);
        private final long[] starts = new long[WORKERS];
        private long total;
        private long target = WORKERS; // the first start of every child; then one more per crash
        private int wavesLeft;
        private ActorRef<long[]> replyTo;

        Parent(ActorContext<ParentMsg> context) {
            super(context);
            for (int i = 0; i < WORKERS; i++) {
                children.add(context.spawn(child(i, context.getSelf()), "w" + i));
            }
        }

        @Override
        public Receive<ParentMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Started.class, this::onStarted)
                    .onMessage(Wave.class, this::onWave)
                    .onMessage(Count.class, this::onCount)
                    .build();
        }

        private Behavior<ParentMsg> onStarted(Started s) {
            starts[s.index()]++;
            total++;
            if (replyTo != null && total == target) {
                if (--wavesLeft == 0) {
                    replyTo.tell(new long[] {total});
                    replyTo = null;
                } else {
                    wave();
                }
            }
            return this;
        }

        private Behavior<ParentMsg> onWave(Wave w) {
            if (replyTo != null) {
                throw new IllegalStateException("a storm is already running");
            }
            replyTo = w.replyTo();
            wavesLeft = w.waves();
            wave();
            return this;
        }

        private void wave() {
            target += WORKERS;
            for (ActorRef<Crash> c : children) {
                c.tell(Crash.INSTANCE);
            }
        }

        private Behavior<ParentMsg> onCount(Count c) {
            c.replyTo().tell(starts.clone());
            return this;
        }
    }

    private static final class PekkoStorm implements Storm {
        private final ActorSystem<ParentMsg> system;
        private long expected = WORKERS; // starts so far: the first start of each child, then one per crash

        PekkoStorm(String impl) {
            system = Comparators.pekko(impl, Behaviors.setup(Parent::new), "b11");
        }

        @Override
        public long crash(int waves) throws Exception {
            long[] total = AskPattern.<ParentMsg, long[]>ask(
                            system,
                            replyTo -> new Wave(waves, replyTo),
                            Comparators.INVOCATION_TIMEOUT,
                            system.scheduler())
                    .toCompletableFuture()
                    .get();
            expected += (long) waves * WORKERS;
            return total[0];
        }

        @Override
        public void check() throws Exception {
            long[] starts = AskPattern.<ParentMsg, long[]>ask(
                            system, Count::new, Comparators.INVOCATION_TIMEOUT, system.scheduler())
                    .toCompletableFuture()
                    .get();
            long perChild = expected / WORKERS;
            for (int i = 0; i < WORKERS; i++) {
                if (starts[i] != perChild) {
                    throw new IllegalStateException(
                            "child " + i + " started " + starts[i] + " times, expected " + perChild);
                }
            }
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }
}
