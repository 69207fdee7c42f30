package org.otp4j.benchmarks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
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
import org.otp4j.Down;
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;

/**
 * B1 PingPong (Savina 1): a pinger and a ponger exchange messages; the score is nanoseconds per round
 * trip (one ping and its pong).
 *
 * <p>Both processes live for the whole trial. Each invocation asks the pinger for {@link #ROUND_TRIPS}
 * round trips and waits for its report; the pinger checks that every pong answers the ping it sent,
 * and the invocation fails unless all round trips arrived. Run it through {@link Carriers1} (one
 * carrier thread) and {@link Carriers2} (two), which differ only in the virtual-thread scheduler's
 * parallelism, since waking an idle vCPU costs more than a round trip on the VMs we use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PingPong {
    /** Round trips per benchmark invocation. */
    public static final int ROUND_TRIPS = 10_000;

    /** Which comparator runs the workload; see {@link Comparators}. */
    @Param({
        Comparators.OTP4J_BODY,
        Comparators.OTP4J_HANDLER,
        Comparators.OTP4J_HANDLER_POOL,
        Comparators.VTHREADS,
        Comparators.PEKKO,
        Comparators.PEKKO_VT,
        Comparators.LOOP
    })
    public String impl;

    private Pair pair;

    /** Starts the two processes. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pair = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_BODY -> new Otp4jPair(false, null);
            case Comparators.OTP4J_HANDLER -> new Otp4jPair(true, null);
            case Comparators.OTP4J_HANDLER_POOL ->
                new Otp4jPair(
                        true,
                        new ForkJoinPool(
                                Comparators.carrierParallelism(),
                                ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                                null,
                                true));
            case Comparators.VTHREADS -> new ThreadPair();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoPair(impl);
            case Comparators.LOOP -> new LoopPair();
            default -> throw new IllegalArgumentException("B1 has no " + impl + " variant");
        };
        // one round trip at once, so that a broken set-up fails here rather than in the warm-up
        check(pair.play(1), 1);
    }

    /** Stops the processes and checks that they ended. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pair.stop();
    }

    /**
     * {@link #ROUND_TRIPS} round trips.
     *
     * @return the number of round trips that arrived
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int roundTrips() throws Exception {
        return check(pair.play(ROUND_TRIPS), ROUND_TRIPS);
    }

    private static int check(int arrived, int expected) {
        if (arrived != expected) {
            throw new IllegalStateException("expected " + expected + " round trips, " + arrived + " arrived");
        }
        return arrived;
    }

    /** B1 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends PingPong {}

    /** B1 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends PingPong {}

    /** A pinger and a ponger of one comparator. */
    private interface Pair {
        /** Has the pinger play {@code n} round trips; returns how many arrived. */
        int play(int n) throws Exception;

        /** Stops both processes; throws unless they were alive and ended. */
        void stop() throws Exception;
    }

    // ---- messages (shared by C1 and C2; C3 needs typed references) -------------------------------

    private record Start(int rounds, Object replyTo) {}

    private record Ping(Object from, int seq) {}

    private record Pong(int seq) {}

    private record Done(int rounds) {}

    private record Stop() {}

    private static IllegalStateException outOfOrder(int expected, Object got) {
        return new IllegalStateException("expected pong " + expected + ", got " + got);
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jPair implements Pair {
        private final Node node = Node.builder().name("pingpong").build();
        private final Pid pinger;
        private final ForkJoinPool pool; // the handlers' executor, or null for virtual threads

        Otp4jPair(boolean handlers, ForkJoinPool pool) {
            this.pool = pool;
            if (handlers) {
                SpawnOptions options = pool == null
                        ? SpawnOptions.defaults()
                        : SpawnOptions.defaults().executor(pool);
                Pid ponger = node.spawn(
                        (MessageHandler) (self, m) -> {
                            if (m instanceof Ping(Object from, int seq)) {
                                self.send((Pid) from, new Pong(seq));
                            }
                        },
                        options);
                pinger = node.spawn(new PingHandler(ponger), options);
            } else {
                Pid ponger = node.spawn((ProcessBody) self -> {
                    while (true) {
                        if (self.receive() instanceof Ping(Object from, int seq)) {
                            self.send((Pid) from, new Pong(seq));
                        }
                    }
                });
                pinger = node.spawn((ProcessBody) self -> {
                    Pid me = self.self();
                    while (true) {
                        Start start = (Start) self.receive();
                        int arrived = 0;
                        for (int i = 0; i < start.rounds(); i++) {
                            self.send(ponger, new Ping(me, i));
                            Object reply = self.receive();
                            if (!(reply instanceof Pong(int seq)) || seq != i) {
                                throw outOfOrder(i, reply);
                            }
                            arrived++;
                        }
                        self.send((Pid) start.replyTo(), new Done(arrived));
                    }
                });
            }
        }

        @Override
        public int play(int n) {
            Done done = node.run(
                    self -> {
                        Ref watch = self.monitor(pinger);
                        self.send(pinger, new Start(n, self.self()));
                        Object reply = self.receive(m -> m instanceof Done
                                        || (m instanceof Down d && d.ref().equals(watch))
                                ? m
                                : null);
                        if (reply instanceof Down d) {
                            throw new IllegalStateException("the pinger ended: " + d.reason());
                        }
                        self.demonitor(watch, true);
                        return (Done) reply;
                    },
                    Comparators.INVOCATION_TIMEOUT);
            return done.rounds();
        }

        @Override
        public void stop() {
            int live = node.processes().size();
            node.close();
            if (pool != null) {
                pool.shutdown();
            }
            if (live != 2) {
                throw new IllegalStateException("expected the pinger and the ponger alive, found " + live);
            }
        }
    }

    /** The pinger as an activation-driven process: its loop becomes state kept between messages. */
    private static final class PingHandler implements MessageHandler {
        private final Pid ponger;
        private Pid replyTo;
        private int rounds;
        private int next; // the seq of the pong awaited

        PingHandler(Pid ponger) {
            this.ponger = ponger;
        }

        @Override
        public void handle(ProcessContext self, Object message) {
            switch (message) {
                case Start s -> {
                    replyTo = (Pid) s.replyTo();
                    rounds = s.rounds();
                    next = 0;
                    self.send(ponger, new Ping(self.self(), 0));
                }
                case Pong(int seq) -> {
                    if (seq != next) {
                        throw outOfOrder(next, message);
                    }
                    next++;
                    if (next == rounds) {
                        self.send(replyTo, new Done(next));
                    } else {
                        self.send(ponger, new Ping(self.self(), next));
                    }
                }
                default -> throw new IllegalStateException("unexpected " + message);
            }
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadPair implements Pair {
        private final LinkedTransferQueue<Object> pingerBox = new LinkedTransferQueue<>();
        private final LinkedTransferQueue<Object> pongerBox = new LinkedTransferQueue<>();
        private final LinkedTransferQueue<Object> replies = new LinkedTransferQueue<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread pinger;
        private final Thread ponger;

        ThreadPair() {
            ponger = Thread.ofVirtual().name("ponger").start(guard(() -> {
                while (true) {
                    Object m = pongerBox.take();
                    if (m instanceof Ping(Object from, int seq)) {
                        @SuppressWarnings("unchecked")
                        LinkedTransferQueue<Object> to = (LinkedTransferQueue<Object>) from;
                        to.put(new Pong(seq));
                    } else {
                        return;
                    }
                }
            }));
            pinger = Thread.ofVirtual().name("pinger").start(guard(() -> {
                while (true) {
                    Object m = pingerBox.take();
                    if (!(m instanceof Start start)) {
                        return;
                    }
                    int arrived = 0;
                    for (int i = 0; i < start.rounds(); i++) {
                        pongerBox.put(new Ping(pingerBox, i));
                        Object reply = pingerBox.take();
                        if (!(reply instanceof Pong(int seq)) || seq != i) {
                            throw outOfOrder(i, reply);
                        }
                        arrived++;
                    }
                    replies.put(new Done(arrived));
                }
            }));
        }

        private Runnable guard(Body body) {
            return () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.set(t);
                    replies.put(t);
                }
            };
        }

        @Override
        public int play(int n) throws Exception {
            pingerBox.put(new Start(n, replies));
            Object reply = replies.poll(Comparators.INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply instanceof Done(int rounds)) {
                return rounds;
            }
            throw new IllegalStateException("the pinger failed or timed out: " + reply, failure.get());
        }

        @Override
        public void stop() throws InterruptedException {
            pingerBox.put(new Stop());
            pongerBox.put(new Stop());
            if (!pinger.join(Comparators.INVOCATION_TIMEOUT) || !ponger.join(Comparators.INVOCATION_TIMEOUT)) {
                throw new IllegalStateException("the pinger or the ponger did not stop");
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    // ---- C3 Pekko typed ---------------------------------------------------------------------------

    private sealed interface PingerMsg permits PStart, PPong {}

    private record PStart(int rounds, ActorRef<Done> replyTo) implements PingerMsg {}

    private record PPong(int seq) implements PingerMsg {}

    private record PPing(ActorRef<PPong> replyTo, int seq) {}

    private static final class PekkoPair implements Pair {
        private final ActorSystem<PingerMsg> system;

        PekkoPair(String impl) {
            Behavior<PPing> ponger = Behaviors.receiveMessage(p -> {
                p.replyTo().tell(new PPong(p.seq()));
                return Behaviors.same();
            });
            system = Comparators.pekko(
                    impl, Behaviors.setup(ctx -> new Pinger(ctx, ctx.spawn(ponger, "ponger"))), "pingpong");
        }

        @Override
        public int play(int n) throws Exception {
            Done done = AskPattern.<PingerMsg, Done>ask(
                            system,
                            replyTo -> new PStart(n, replyTo),
                            Comparators.INVOCATION_TIMEOUT,
                            system.scheduler())
                    .toCompletableFuture()
                    .get();
            return done.rounds();
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    private static final class Pinger extends AbstractBehavior<PingerMsg> {
        private final ActorRef<PPing> ponger;
        private final ActorRef<PPong> self;
        private ActorRef<Done> replyTo;
        private int rounds;
        private int next;

        Pinger(ActorContext<PingerMsg> context, ActorRef<PPing> ponger) {
            super(context);
            this.ponger = ponger;
            this.self = context.getSelf().narrow();
        }

        @Override
        public Receive<PingerMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(PStart.class, this::onStart)
                    .onMessage(PPong.class, this::onPong)
                    .build();
        }

        private Behavior<PingerMsg> onStart(PStart s) {
            replyTo = s.replyTo();
            rounds = s.rounds();
            next = 0;
            ponger.tell(new PPing(self, 0));
            return this;
        }

        private Behavior<PingerMsg> onPong(PPong p) {
            if (p.seq() != next) {
                throw outOfOrder(next, p);
            }
            next++;
            if (next == rounds) {
                replyTo.tell(new Done(next));
            } else {
                ponger.tell(new PPing(self, next));
            }
            return this;
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopPair implements Pair {
        private final EventLoop loop = new EventLoop();
        private final EventLoop.Actor ponger = (l, m) -> {
            if (m instanceof Ping(Object from, int seq)) {
                l.send((EventLoop.Actor) from, new Pong(seq));
            }
        };

        @Override
        public int play(int n) {
            LoopPinger pinger = new LoopPinger(ponger, n);
            loop.send(pinger, new Start(n, null));
            loop.run();
            return pinger.next;
        }

        @Override
        public void stop() {}
    }

    private static final class LoopPinger implements EventLoop.Actor {
        private final EventLoop.Actor ponger;
        private final int rounds;
        private int next;

        LoopPinger(EventLoop.Actor ponger, int rounds) {
            this.ponger = ponger;
            this.rounds = rounds;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            if (m instanceof Pong(int seq)) {
                if (seq != next) {
                    throw outOfOrder(next, m);
                }
                next++;
            }
            if (next < rounds) {
                loop.send(ponger, new Ping(this, next));
            }
        }
    }
}
