package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;

/**
 * B2 Counting (Savina 2): a producer sends a counter {@link #MESSAGES} increments without waiting, then
 * asks for the count; the score is nanoseconds per message (messages/s = 10<sup>9</sup> ÷ score),;
 * {@code -prof gc}'s B/op is bytes per message (JMH divides by the operations per invocation).
 *
 * <p>Each invocation is one round: a fresh producer (an otp4j process, a virtual thread, an actor, an
 * event-loop actor) sends the long-lived counter {@link #MESSAGES} copies of one shared increment
 * message, then a retrieve message; the counter answers with its count and resets it. The invocation
 * fails unless the count is exactly {@link #MESSAGES}. The mailbox grows to {@link #MESSAGES} when the
 * producer outruns the counter, as in Savina. Throughput workload: default carrier parallelism.
 *
 * <p>C1 runs the counter as a handler process ({@value Comparators#OTP4J_HANDLER}) and as a direct-style
 * body ({@value Comparators#OTP4J_BODY}); the producer is a temporary process ({@code Node.run}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {Comparators.QUIET_SLF4J, Comparators.OPEN_JAVA_LANG})
public class Counting {
    /** Increments per benchmark invocation. */
    public static final int MESSAGES = 100_000;

    /** Which comparator runs the workload; see {@link Comparators}. */
    @Param({
        Comparators.OTP4J_HANDLER,
        Comparators.OTP4J_BODY,
        Comparators.VTHREADS,
        Comparators.PEKKO,
        Comparators.PEKKO_VT,
        Comparators.LOOP
    })
    public String impl;

    private Counter counter;

    /** Starts the counter. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        counter = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_HANDLER -> new Otp4jCounter(true);
            case Comparators.OTP4J_BODY -> new Otp4jCounter(false);
            case Comparators.VTHREADS -> new ThreadCounter();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoCounter(impl);
            case Comparators.LOOP -> new LoopCounter();
            default -> throw new IllegalArgumentException("B2 has no " + impl + " variant");
        };
        check(counter.count(10), 10);
    }

    /** Stops the counter. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        counter.stop();
    }

    /**
     * {@link #MESSAGES} increments and one retrieval.
     *
     * @return the count the counter reported
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long count() throws Exception {
        return check(counter.count(MESSAGES), MESSAGES);
    }

    private static long check(long counted, int sent) {
        if (counted != sent) {
            throw new IllegalStateException("sent " + sent + " increments, the counter counted " + counted);
        }
        return counted;
    }

    private interface Counter {
        /** Has a producer send {@code n} increments and retrieve the count; returns it. */
        long count(int n) throws Exception;

        /** Stops the counter. */
        void stop() throws Exception;
    }

    /** The increment: one shared instance, so that B/op is the runtime's cost, not the message's. */
    private record Increment() {}

    private static final Increment INCREMENT = new Increment();

    private record Retrieve(Object replyTo) {}

    private record Stop() {}

    private static IllegalStateException unexpected(Object m) {
        return new IllegalStateException("the counter got " + m);
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jCounter implements Counter {
        private final Node node = Node.builder().name("counting").build();
        private final Pid counter;

        Otp4jCounter(boolean handler) {
            counter = handler
                    ? node.spawn(new CountingHandler())
                    : node.spawn((ProcessBody) self -> {
                        long count = 0;
                        while (true) {
                            Object m = self.receive();
                            if (m == INCREMENT) {
                                count++;
                            } else if (m instanceof Retrieve(Object to)) {
                                self.send((Pid) to, count);
                                count = 0;
                            } else {
                                throw unexpected(m);
                            }
                        }
                    });
        }

        @Override
        public long count(int n) {
            return node.run(
                    self -> {
                        for (int i = 0; i < n; i++) {
                            self.send(counter, INCREMENT);
                        }
                        self.send(counter, new Retrieve(self.self()));
                        return (Long) self.receive(Duration.ofSeconds(30))
                                .orElseThrow(() -> new IllegalStateException("the counter did not answer"));
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            boolean alive = node.isAlive(counter);
            node.close();
            if (!alive) {
                throw new IllegalStateException("the counter ended early");
            }
        }
    }

    private static final class CountingHandler implements MessageHandler {
        private long count;

        @Override
        public void handle(ProcessContext self, Object m) {
            if (m == INCREMENT) {
                count++;
            } else if (m instanceof Retrieve(Object to)) {
                self.send((Pid) to, count);
                count = 0;
            } else {
                throw unexpected(m);
            }
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadCounter implements Counter {
        private final LinkedTransferQueue<Object> box = new LinkedTransferQueue<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread counter = Thread.ofVirtual().name("counter").start(() -> {
            try {
                long count = 0;
                while (true) {
                    Object m = box.take();
                    if (m == INCREMENT) {
                        count++;
                    } else if (m instanceof Retrieve(Object to)) {
                        @SuppressWarnings("unchecked")
                        LinkedTransferQueue<Object> reply = (LinkedTransferQueue<Object>) to;
                        reply.put(count);
                        count = 0;
                    } else if (m instanceof Stop) {
                        return;
                    } else {
                        throw unexpected(m);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });

        @Override
        public long count(int n) throws Exception {
            LinkedTransferQueue<Object> reply = new LinkedTransferQueue<>();
            Thread producer = Thread.ofVirtual().name("producer").start(() -> {
                for (int i = 0; i < n; i++) {
                    box.put(INCREMENT);
                }
                box.put(new Retrieve(reply));
            });
            Object count = reply.poll(Comparators.INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            producer.join();
            if (!(count instanceof Long c)) {
                throw new IllegalStateException("the counter did not answer", failure.get());
            }
            return c;
        }

        @Override
        public void stop() throws InterruptedException {
            box.put(new Stop());
            if (!counter.join(Comparators.INVOCATION_TIMEOUT)) {
                throw new IllegalStateException("the counter did not stop");
            }
        }
    }

    // ---- C3 / C4 Pekko typed ----------------------------------------------------------------------

    private record Produce(int n, ActorRef<Long> replyTo) {}

    private sealed interface CounterMsg permits PIncrement, PRetrieve {}

    private record PIncrement() implements CounterMsg {}

    private static final PIncrement P_INCREMENT = new PIncrement();

    private record PRetrieve(ActorRef<Long> replyTo) implements CounterMsg {}

    private static Behavior<CounterMsg> counter() {
        return Behaviors.setup(ctx -> {
            long[] count = {0};
            return Behaviors.receiveMessage(m -> {
                switch (m) {
                    case PIncrement i -> count[0]++;
                    case PRetrieve(ActorRef<Long> to) -> {
                        to.tell(count[0]);
                        count[0] = 0;
                    }
                }
                return Behaviors.same();
            });
        });
    }

    /** The guardian: owns the counter and, for each round, spawns a producer actor. */
    private static Behavior<Produce> rounds() {
        return Behaviors.setup(ctx -> {
            ActorRef<CounterMsg> counter = ctx.spawn(counter(), "counter");
            return Behaviors.receiveMessage(p -> {
                ctx.spawnAnonymous(producer(counter, p));
                return Behaviors.same();
            });
        });
    }

    /** A producer: sends the increments and the retrieval when it starts, relays the count, stops. */
    private static Behavior<Long> producer(ActorRef<CounterMsg> counter, Produce p) {
        return Behaviors.setup(ctx -> {
            for (int i = 0; i < p.n(); i++) {
                counter.tell(P_INCREMENT);
            }
            counter.tell(new PRetrieve(ctx.getSelf()));
            return Behaviors.receiveMessage(count -> {
                p.replyTo().tell(count);
                return Behaviors.stopped();
            });
        });
    }

    private static final class PekkoCounter implements Counter {
        private final ActorSystem<Produce> system;

        PekkoCounter(String impl) {
            system = Comparators.pekko(impl, rounds(), "counting");
        }

        @Override
        public long count(int n) throws Exception {
            return Comparators.<Produce, Long>ask(system, replyTo -> new Produce(n, replyTo));
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopCounter implements Counter {
        private final EventLoop loop = new EventLoop();
        private final EventLoop.Actor counter = new EventLoop.Actor() {
            private long count;

            @Override
            public void receive(EventLoop loop, Object m) {
                if (m == INCREMENT) {
                    count++;
                } else if (m instanceof Retrieve(Object to)) {
                    loop.send((EventLoop.Actor) to, count);
                    count = 0;
                } else {
                    throw unexpected(m);
                }
            }
        };

        @Override
        public long count(int n) {
            Producer producer = new Producer();
            loop.send(producer, n);
            loop.run();
            return producer.answer;
        }

        /** Sends the increments and the retrieval when told how many; keeps the answer. */
        private final class Producer implements EventLoop.Actor {
            private long answer = -1;

            @Override
            public void receive(EventLoop l, Object m) {
                if (m instanceof Integer k) {
                    for (int i = 0; i < k; i++) {
                        l.send(counter, INCREMENT);
                    }
                    l.send(counter, new Retrieve(this));
                } else {
                    answer = (Long) m;
                }
            }
        }

        @Override
        public void stop() {}
    }
}
