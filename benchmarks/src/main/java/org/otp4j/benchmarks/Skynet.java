package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
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
 * B7 Skynet (the virtual-thread benchmark of OpenJDK's Loom demos): a root process spawns 10 children,
 * each spawns 10 more, down to {@link #size} leaves; leaf {@code i} sends its number to its parent, and
 * every parent sends the sum of its 10 children's answers up. The score is milliseconds per tree
 * ({@code size} = 1,000,000 is 1,111,111 processes); the invocation fails unless the root's answer is
 * {@code size * (size - 1) / 2}.
 *
 * <p>C1 runs the tree as direct-style bodies ({@value Comparators#OTP4J_BODY}: spawn, then receive 10
 * answers) and as handler processes ({@value Comparators#OTP4J_HANDLER}: a parent spawns its children
 * when its start message arrives and counts answers in its state). C2 is the shape of OpenJDK's own
 * Skynet: one virtual thread per node, answers through a queue per parent. Throughput workload: default
 * carrier parallelism. JMH's {@code -prof gc} gives the bytes allocated per tree; the peak heap, the
 * workload's other figure, is measured apart from the timing by {@link SkynetPeakHeap} (a child JVM per
 * comparator that samples the live heap with full collections during trees).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {Comparators.QUIET_SLF4J, Comparators.OPEN_JAVA_LANG})
public class Skynet {
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

    /** Leaves of the tree, a power of 10 (BENCHMARKS.md: 1,000,000, that is 1,111,111 processes). */
    @Param({"1000000"})
    public int size;

    private Tree tree;

    /** Starts the comparator's runtime. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        checkSize(size);
        tree = tree(impl);
        check(tree.sum(100), 100);
    }

    /** Starts comparator {@code impl}'s runtime for trees (used by {@link SkynetPeakHeap} as well). */
    static Tree tree(String impl) {
        return switch (Comparators.check(impl)) {
            case Comparators.OTP4J_BODY -> new Otp4jTree(false);
            case Comparators.OTP4J_HANDLER -> new Otp4jTree(true);
            case Comparators.VTHREADS -> new ThreadsTree();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoTree(impl);
            case Comparators.LOOP -> new LoopTree();
            default -> throw new IllegalArgumentException("B7 has no " + impl + " variant");
        };
    }

    /** Throws unless {@code size} is a power of 10. */
    static void checkSize(long size) {
        long s = size;
        while (s > 1 && s % 10 == 0) {
            s /= 10;
        }
        if (size < 1 || s != 1) {
            throw new IllegalArgumentException("B7's size must be a power of 10 (1, 10, 100, ...), got " + size);
        }
    }

    /** Stops the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        tree.stop();
    }

    /**
     * One tree.
     *
     * @return the root's sum
     */
    @Benchmark
    public long tree() throws Exception {
        return check(tree.sum(size), size);
    }

    /** Throws unless {@code sum} is the right answer for a tree of {@code size} leaves. */
    static long check(long sum, long size) {
        long expected = size * (size - 1) / 2;
        if (sum != expected) {
            throw new IllegalStateException("a tree of " + size + " leaves should sum to " + expected + ", got " + sum);
        }
        return sum;
    }

    /** One comparator's runtime, building trees. */
    interface Tree {
        /** Builds a tree of {@code size} leaves; returns the root's sum. */
        long sum(long size) throws Exception;

        /** Stops the runtime. */
        void stop() throws Exception;
    }

    /** A handler node's start signal. */
    private record Go() {}

    private static final Go GO = new Go();

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jTree implements Tree {
        private final Node node = Node.builder().name("skynet").build();
        private final boolean handlers;

        Otp4jTree(boolean handlers) {
            this.handlers = handlers;
        }

        @Override
        public long sum(long size) {
            return node.run(
                    self -> {
                        if (handlers) {
                            self.send(self.spawn(new SkynetNode(self.self(), 0, size)), GO);
                        } else {
                            self.spawn(body(self.self(), 0, size));
                        }
                        return self.<Long>receive(m -> m instanceof Long l ? l : null, Duration.ofSeconds(50))
                                .orElseThrow(() -> new IllegalStateException("the root did not answer"));
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        private static ProcessBody body(Pid parent, long num, long size) {
            return self -> {
                if (size == 1) {
                    self.send(parent, num);
                    return;
                }
                Pid me = self.self();
                long sub = size / 10;
                for (int i = 0; i < 10; i++) {
                    self.spawn(body(me, num + i * sub, sub));
                }
                long sum = 0;
                for (int i = 0; i < 10; i++) {
                    sum += (Long) self.receive();
                }
                self.send(parent, sum);
            };
        }

        @Override
        public void stop() {
            node.close();
        }
    }

    /** A tree node as a handler process. */
    private static final class SkynetNode implements MessageHandler {
        private final Pid parent;
        private final long num;
        private final long size;
        private int waiting = 10;
        private long sum;

        SkynetNode(Pid parent, long num, long size) {
            this.parent = parent;
            this.num = num;
            this.size = size;
        }

        @Override
        public void handle(ProcessContext self, Object m) {
            if (m == GO) {
                if (size == 1) {
                    self.send(parent, num);
                    throw self.exit(ExitReason.normal());
                }
                Pid me = self.self();
                long sub = size / 10;
                for (int i = 0; i < 10; i++) {
                    self.send(self.spawn(new SkynetNode(me, num + i * sub, sub)), GO);
                }
            } else {
                sum += (Long) m;
                if (--waiting == 0) {
                    self.send(parent, sum);
                    throw self.exit(ExitReason.normal());
                }
            }
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadsTree implements Tree {
        @Override
        public long sum(long size) throws Exception {
            LinkedTransferQueue<Object> root = new LinkedTransferQueue<>();
            Thread.ofVirtual().start(node(root, 0, size));
            Object answer = root.poll(Comparators.INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!(answer instanceof Long sum)) {
                throw new IllegalStateException("the root did not answer: " + answer);
            }
            return sum;
        }

        private static Runnable node(LinkedTransferQueue<Object> parent, long num, long size) {
            return () -> {
                try {
                    if (size == 1) {
                        parent.put(num);
                        return;
                    }
                    LinkedTransferQueue<Object> answers = new LinkedTransferQueue<>();
                    long sub = size / 10;
                    for (int i = 0; i < 10; i++) {
                        Thread.ofVirtual().start(node(answers, num + i * sub, sub));
                    }
                    long sum = 0;
                    for (int i = 0; i < 10; i++) {
                        Object a = answers.take();
                        if (!(a instanceof Long l)) {
                            parent.put(a);
                            return;
                        }
                        sum += l;
                    }
                    parent.put(sum);
                } catch (Throwable t) {
                    parent.put(t);
                }
            };
        }

        @Override
        public void stop() {}
    }

    // ---- C3 / C4 Pekko typed ----------------------------------------------------------------------

    private record Build(long size, ActorRef<Long> replyTo) {}

    private static Behavior<Build> roots() {
        return Behaviors.receive((ctx, b) -> {
            ctx.spawnAnonymous(pekkoNode(b.replyTo(), 0, b.size()));
            return Behaviors.same();
        });
    }

    private static Behavior<Long> pekkoNode(ActorRef<Long> parent, long num, long size) {
        return Behaviors.setup(ctx -> {
            if (size == 1) {
                parent.tell(num);
                return Behaviors.stopped();
            }
            long sub = size / 10;
            for (int i = 0; i < 10; i++) {
                ctx.spawnAnonymous(pekkoNode(ctx.getSelf(), num + i * sub, sub));
            }
            long[] sum = {0};
            int[] waiting = {10};
            return Behaviors.receiveMessage(answer -> {
                sum[0] += answer;
                if (--waiting[0] == 0) {
                    parent.tell(sum[0]);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        });
    }

    private static final class PekkoTree implements Tree {
        private final ActorSystem<Build> system;

        PekkoTree(String impl) {
            system = Comparators.pekko(impl, roots(), "skynet");
        }

        @Override
        public long sum(long size) throws Exception {
            return Comparators.<Build, Long>ask(system, replyTo -> new Build(size, replyTo));
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopTree implements Tree {
        private final EventLoop loop = new EventLoop();

        @Override
        public long sum(long size) {
            long[] answer = {-1};
            loop.send(new LoopNode((l, m) -> answer[0] = (Long) m, 0, size), GO);
            loop.run();
            return answer[0];
        }

        @Override
        public void stop() {}
    }

    private static final class LoopNode implements EventLoop.Actor {
        private final EventLoop.Actor parent;
        private final long num;
        private final long size;
        private int waiting = 10;
        private long sum;

        LoopNode(EventLoop.Actor parent, long num, long size) {
            this.parent = parent;
            this.num = num;
            this.size = size;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            if (m == GO) {
                if (size == 1) {
                    loop.send(parent, num);
                    return;
                }
                long sub = size / 10;
                for (int i = 0; i < 10; i++) {
                    loop.send(new LoopNode(this, num + i * sub, sub), GO);
                }
            } else {
                sum += (Long) m;
                if (--waiting == 0) {
                    loop.send(parent, sum);
                }
            }
        }
    }
}
