package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
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
import org.otp4j.ExitReason;
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;

/**
 * B3 Fork-join create (Savina 4): a driver spawns processes one after another and sends each one
 * message; a process that has its message exits. The score is microseconds per spawn + message + exit.
 *
 * <p>Each invocation is a batch of {@link #SPAWNS} children driven by a driver process (an otp4j
 * process, a virtual thread, an actor). As in Savina, the children count down a shared counter and the
 * last one tells the driver; the driver then waits until every child has really ended (otp4j: the node
 * lists no process but the driver; C2: every thread joined; C3: the driver has no children left), and
 * the invocation fails unless all {@link #SPAWNS} children got their message and ended. Run it through
 * {@link Carriers1} and {@link Carriers2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ForkJoinCreate {
    /** Children spawned per benchmark invocation. */
    public static final int SPAWNS = 10_000;

    /** Which comparator runs the workload; see {@link Comparators}. */
    @Param({
        Comparators.OTP4J_BODY,
        Comparators.OTP4J_HANDLER,
        Comparators.VTHREADS,
        Comparators.PEKKO,
        Comparators.PEKKO_VT,
        Comparators.LOOP
    })
    public String impl;

    private Driver driver;

    /** Starts the comparator's runtime. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        driver = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_BODY -> new Otp4jDriver(false);
            case Comparators.OTP4J_HANDLER -> new Otp4jDriver(true);
            case Comparators.VTHREADS -> new ThreadDriver();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoDriver(impl);
            case Comparators.LOOP -> new LoopDriver();
            default -> throw new IllegalArgumentException("B3 has no " + impl + " variant");
        };
        check(driver.batch(10), 10);
    }

    /** Stops the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        driver.stop();
    }

    /**
     * {@link #SPAWNS} spawns, each with one message and an exit.
     *
     * @return the number of children that got their message and ended
     */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public int spawnSendExit() throws Exception {
        return check(driver.batch(SPAWNS), SPAWNS);
    }

    private static int check(int ended, int expected) {
        if (ended != expected) {
            throw new IllegalStateException("expected " + expected + " children to end, " + ended + " did");
        }
        return ended;
    }

    /** B3 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends ForkJoinCreate {}

    /** B3 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends ForkJoinCreate {}

    private interface Driver {
        /** Spawns {@code n} children, sends each a message, waits until all have ended; returns how many. */
        int batch(int n) throws Exception;

        /** Stops the runtime. */
        void stop() throws Exception;
    }

    private record AllDone() {}

    private static final AllDone ALL_DONE = new AllDone();

    private static IllegalStateException unexpected(Object m) {
        return new IllegalStateException("a child expected Work, got " + m);
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jDriver implements Driver {
        private final Node node = Node.builder().name("forkjoin").build();
        private final boolean handlers;

        Otp4jDriver(boolean handlers) {
            this.handlers = handlers;
        }

        @Override
        public int batch(int n) {
            return node.run(self -> driveBatch(self, n), Comparators.INVOCATION_TIMEOUT);
        }

        private int driveBatch(ProcessContext self, int n) throws InterruptedException {
            int before = node.processes().size(); // the driver itself
            AtomicInteger remaining = new AtomicInteger(n);
            Pid driver = self.self();
            for (int i = 0; i < n; i++) {
                Pid child =
                        handlers ? self.spawn(new Child(remaining, driver)) : self.spawn(childBody(remaining, driver));
                self.send(child, new Work(i));
            }
            if (self.receive(Duration.ofSeconds(30)).orElse(null) != ALL_DONE) {
                throw new IllegalStateException("only " + (n - remaining.get()) + " of " + n + " children had work");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (node.processes().size() > before) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            (node.processes().size() - before) + " children had their work but did not end");
                }
                Thread.yield();
            }
            return n - remaining.get();
        }

        private static ProcessBody childBody(AtomicInteger remaining, Pid driver) {
            return self -> {
                Object m = self.receive();
                if (!(m instanceof Work)) {
                    throw unexpected(m);
                }
                if (remaining.decrementAndGet() == 0) {
                    self.send(driver, ALL_DONE);
                }
            };
        }

        @Override
        public void stop() {
            node.close();
        }
    }

    /** A handler child: handles its one message, then exits normally. */
    private record Child(AtomicInteger remaining, Pid driver) implements MessageHandler {
        @Override
        public void handle(ProcessContext self, Object m) {
            if (!(m instanceof Work)) {
                throw unexpected(m);
            }
            if (remaining.decrementAndGet() == 0) {
                self.send(driver, ALL_DONE);
            }
            throw self.exit(ExitReason.normal());
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadDriver implements Driver {
        private final ThreadFactory threads = Thread.ofVirtual().factory();

        @Override
        public int batch(int n) throws Exception {
            AtomicInteger remaining = new AtomicInteger(n);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            LinkedTransferQueue<Object> driverBox = new LinkedTransferQueue<>();
            Thread[] children = new Thread[n];
            Thread driver = threads.newThread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        LinkedTransferQueue<Object> box = new LinkedTransferQueue<>();
                        Thread child = threads.newThread(() -> {
                            try {
                                Object m = box.take();
                                if (!(m instanceof Work)) {
                                    throw unexpected(m);
                                }
                                if (remaining.decrementAndGet() == 0) {
                                    driverBox.put(ALL_DONE);
                                }
                            } catch (Throwable t) {
                                failure.compareAndSet(null, t);
                            }
                        });
                        children[i] = child;
                        child.start();
                        box.put(new Work(i));
                    }
                    if (driverBox.poll(30, TimeUnit.SECONDS) != ALL_DONE) {
                        throw new IllegalStateException(
                                "only " + (n - remaining.get()) + " of " + n + " children had work");
                    }
                    for (Thread child : children) {
                        if (!child.join(Duration.ofSeconds(30))) {
                            throw new IllegalStateException("a child had its work but did not end");
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            driver.start();
            if (!driver.join(Comparators.INVOCATION_TIMEOUT)) {
                throw new IllegalStateException("the driver did not finish");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the batch failed", failure.get());
            }
            return n - remaining.get();
        }

        @Override
        public void stop() {}
    }

    // ---- C3 Pekko typed ---------------------------------------------------------------------------

    private sealed interface DriverMsg permits Batch, Finished {}

    private record Batch(int n, ActorRef<Integer> replyTo) implements DriverMsg {}

    /** The last child is done (or, sent by the driver to itself, a re-check for children still ending). */
    private record Finished() implements DriverMsg {}

    private static final class PekkoDriver implements Driver {
        private final ActorSystem<DriverMsg> system;

        PekkoDriver(String impl) {
            system = Comparators.pekko(impl, Behaviors.setup(PekkoForkJoin::new), "forkjoin");
        }

        @Override
        public int batch(int n) throws Exception {
            return AskPattern.<DriverMsg, Integer>ask(
                            system,
                            replyTo -> new Batch(n, replyTo),
                            Comparators.INVOCATION_TIMEOUT,
                            system.scheduler())
                    .toCompletableFuture()
                    .get();
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    private static final class PekkoForkJoin extends AbstractBehavior<DriverMsg> {
        private final ActorRef<DriverMsg> self;
        private AtomicInteger remaining;
        private Batch current;

        PekkoForkJoin(ActorContext<DriverMsg> context) {
            super(context);
            self = context.getSelf();
        }

        @Override
        public Receive<DriverMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Batch.class, this::onBatch)
                    .onMessage(Finished.class, f -> onFinished())
                    .build();
        }

        private Behavior<DriverMsg> onBatch(Batch b) {
            if (current != null) {
                throw new IllegalStateException("a batch is already running");
            }
            current = b;
            AtomicInteger left = new AtomicInteger(b.n());
            remaining = left;
            Behavior<Work> child = Behaviors.receiveMessage(w -> {
                if (left.decrementAndGet() == 0) {
                    self.tell(new Finished());
                }
                return Behaviors.stopped();
            });
            for (int i = 0; i < b.n(); i++) {
                getContext().spawnAnonymous(child).tell(new Work(i));
            }
            return this;
        }

        private Behavior<DriverMsg> onFinished() {
            if (!getContext().getChildren().isEmpty()) {
                self.tell(new Finished()); // children stop asynchronously: look again after their news
                return this;
            }
            current.replyTo().tell(current.n() - remaining.get());
            current = null;
            return this;
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    /**
     * The driver on an event loop: each child is a new actor object that gets its message and is then
     * dropped (its "exit"); the loop holds no reference to it afterwards.
     */
    private static final class LoopDriver implements Driver {
        private final EventLoop loop = new EventLoop();

        @Override
        public int batch(int n) {
            int[] remaining = {n};
            boolean[] allDone = {false};
            EventLoop.Actor driver = (l, m) -> {
                if (m != ALL_DONE) {
                    throw unexpected(m);
                }
                allDone[0] = true;
            };
            for (int i = 0; i < n; i++) {
                EventLoop.Actor child = (l, m) -> {
                    if (!(m instanceof Work)) {
                        throw unexpected(m);
                    }
                    if (--remaining[0] == 0) {
                        l.send(driver, ALL_DONE);
                    }
                };
                loop.send(child, new Work(i));
            }
            loop.run();
            if (!allDone[0]) {
                throw new IllegalStateException("only " + (n - remaining[0]) + " of " + n + " children had work");
            }
            return n - remaining[0];
        }

        @Override
        public void stop() {}
    }
}
