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
 * B4 ThreadRing (Savina 5): {@link #RING} processes in a ring pass a token along; each hop decrements
 * the token's count, and the member that receives it at zero reports its position. The score is
 * nanoseconds per hop; only one message is in flight at a time, so this is a latency workload.
 *
 * <p>The ring lives for the whole trial. Each invocation sends a token worth {@link #HOPS} hops to
 * member 0 and waits for the report; it fails unless the token stopped at member {@code HOPS mod RING},
 * which it reaches only after exactly {@link #HOPS} hops. C1 runs the members as handler processes
 * ({@value Comparators#OTP4J_HANDLER}) and as direct-style bodies ({@value Comparators#OTP4J_BODY}).
 * Run it through {@link Carriers1} and {@link Carriers2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ThreadRing {
    /** Members of the ring (BENCHMARKS.md: 1,000). */
    public static final int RING = 1_000;

    /** Hops per benchmark invocation. */
    public static final int HOPS = 100_000;

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

    private Ring ring;

    /** Builds the ring. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ring = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_BODY -> new Otp4jRing(false);
            case Comparators.OTP4J_HANDLER -> new Otp4jRing(true);
            case Comparators.VTHREADS -> new ThreadsRing();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoRing(impl);
            case Comparators.LOOP -> new LoopRing();
            default -> throw new IllegalArgumentException("B4 has no " + impl + " variant");
        };
        check(ring.pass(RING + 7), RING + 7);
    }

    /** Stops the ring. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ring.stop();
    }

    /**
     * One token, {@link #HOPS} hops.
     *
     * @return the position of the member where the token stopped
     */
    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int hops() throws Exception {
        return check(ring.pass(HOPS), HOPS);
    }

    private static int check(int stoppedAt, int hops) {
        if (stoppedAt != hops % RING) {
            throw new IllegalStateException("a token of " + hops + " hops should stop at member " + hops % RING
                    + ", it stopped at " + stoppedAt);
        }
        return stoppedAt;
    }

    /** B4 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends ThreadRing {}

    /** B4 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends ThreadRing {}

    private interface Ring {
        /** Sends member 0 a token of {@code hops} hops; returns the position where it stopped. */
        int pass(int hops) throws Exception;

        /** Stops the ring. */
        void stop() throws Exception;
    }

    /** A member's successor, sent once when the ring is built. */
    private record Next(Object next) {}

    /** The token: hops still to make, and where to report. */
    private record Token(int hops, Object replyTo) {}

    /** Where the token stopped. */
    private record Stopped(int position) {}

    private record Stop() {}

    private static IllegalStateException unexpected(int position, Object m) {
        return new IllegalStateException("member " + position + " got " + m);
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jRing implements Ring {
        private final Node node = Node.builder().name("thread-ring").build();
        private final Pid[] members = new Pid[RING];

        Otp4jRing(boolean handlers) {
            for (int i = 0; i < RING; i++) {
                int position = i;
                members[i] = handlers
                        ? node.spawn(new Member(position))
                        : node.spawn((ProcessBody) self -> {
                            Pid next = (Pid) ((Next) self.receive()).next();
                            while (true) {
                                Object m = self.receive();
                                if (!(m instanceof Token(int hops, Object replyTo))) {
                                    throw unexpected(position, m);
                                }
                                if (hops == 0) {
                                    self.send((Pid) replyTo, new Stopped(position));
                                } else {
                                    self.send(next, new Token(hops - 1, replyTo));
                                }
                            }
                        });
            }
            for (int i = 0; i < RING; i++) {
                node.send(members[i], new Next(members[(i + 1) % RING]));
            }
        }

        @Override
        public int pass(int hops) {
            return node.run(
                    self -> {
                        self.send(members[0], new Token(hops, self.self()));
                        return self.<Stopped>receive(m -> m instanceof Stopped s ? s : null, Duration.ofSeconds(30))
                                .orElseThrow(() -> new IllegalStateException("the token did not come back"))
                                .position();
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            int live = node.processes().size();
            node.close();
            if (live != RING) {
                throw new IllegalStateException("expected " + RING + " ring members alive, found " + live);
            }
        }
    }

    /** A ring member as a handler process. */
    private static final class Member implements MessageHandler {
        private final int position;
        private Pid next;

        Member(int position) {
            this.position = position;
        }

        @Override
        public void handle(ProcessContext self, Object m) {
            switch (m) {
                case Token(int hops, Object replyTo) when hops == 0 -> self.send((Pid) replyTo, new Stopped(position));
                case Token(int hops, Object replyTo) -> self.send(next, new Token(hops - 1, replyTo));
                case Next(Object n) -> next = (Pid) n;
                default -> throw unexpected(position, m);
            }
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadsRing implements Ring {
        @SuppressWarnings("unchecked")
        private final LinkedTransferQueue<Object>[] boxes = new LinkedTransferQueue[RING];

        private final Thread[] threads = new Thread[RING];
        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>();

        ThreadsRing() {
            for (int i = 0; i < RING; i++) {
                boxes[i] = new LinkedTransferQueue<>();
            }
            for (int i = 0; i < RING; i++) {
                int position = i;
                LinkedTransferQueue<Object> box = boxes[i];
                LinkedTransferQueue<Object> next = boxes[(i + 1) % RING];
                threads[i] = Thread.ofVirtual().name("member-" + i).start(() -> {
                    try {
                        while (true) {
                            Object m = box.take();
                            if (m instanceof Token(int hops, Object replyTo)) {
                                if (hops == 0) {
                                    reports.put(new Stopped(position));
                                } else {
                                    next.put(new Token(hops - 1, replyTo));
                                }
                            } else if (m instanceof Stop) {
                                return;
                            } else {
                                throw unexpected(position, m);
                            }
                        }
                    } catch (Throwable t) {
                        reports.put(t);
                    }
                });
            }
        }

        @Override
        public int pass(int hops) throws Exception {
            boxes[0].put(new Token(hops, null));
            Object report = reports.poll(Comparators.INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!(report instanceof Stopped(int position))) {
                throw new IllegalStateException("the token did not come back: " + report);
            }
            return position;
        }

        @Override
        public void stop() throws InterruptedException {
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(new Stop());
            }
            for (Thread t : threads) {
                if (!t.join(Comparators.INVOCATION_TIMEOUT)) {
                    throw new IllegalStateException("a ring member did not stop");
                }
            }
        }
    }

    // ---- C3 / C4 Pekko typed ----------------------------------------------------------------------

    private sealed interface MemberMsg permits PNext, PToken {}

    private record PNext(ActorRef<MemberMsg> next) implements MemberMsg {}

    private record PToken(int hops, ActorRef<Integer> replyTo) implements MemberMsg {}

    private record Go(int hops, ActorRef<Integer> replyTo) {}

    private static Behavior<MemberMsg> member(int position) {
        return Behaviors.setup(ctx -> {
            @SuppressWarnings("unchecked")
            ActorRef<MemberMsg>[] next = new ActorRef[1];
            return Behaviors.receiveMessage(m -> {
                switch (m) {
                    case PNext(ActorRef<MemberMsg> n) -> next[0] = n;
                    case PToken(int hops, ActorRef<Integer> replyTo) when hops == 0 -> replyTo.tell(position);
                    case PToken(int hops, ActorRef<Integer> replyTo) -> next[0].tell(new PToken(hops - 1, replyTo));
                }
                return Behaviors.same();
            });
        });
    }

    /** The guardian: builds the ring, then starts a token at member 0 for each go. */
    private static Behavior<Go> ring() {
        return Behaviors.setup(ctx -> {
            @SuppressWarnings("unchecked")
            ActorRef<MemberMsg>[] members = new ActorRef[RING];
            for (int i = 0; i < RING; i++) {
                members[i] = ctx.spawn(member(i), "member-" + i);
            }
            for (int i = 0; i < RING; i++) {
                members[i].tell(new PNext(members[(i + 1) % RING]));
            }
            return Behaviors.receiveMessage(go -> {
                members[0].tell(new PToken(go.hops(), go.replyTo()));
                return Behaviors.same();
            });
        });
    }

    private static final class PekkoRing implements Ring {
        private final ActorSystem<Go> system;

        PekkoRing(String impl) {
            system = Comparators.pekko(impl, ring(), "thread-ring");
        }

        @Override
        public int pass(int hops) throws Exception {
            return Comparators.<Go, Integer>ask(system, replyTo -> new Go(hops, replyTo));
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopRing implements Ring {
        private final EventLoop loop = new EventLoop();
        private final LoopMember[] members = new LoopMember[RING];
        private int stoppedAt;

        LoopRing() {
            for (int i = 0; i < RING; i++) {
                members[i] = new LoopMember(i);
            }
            for (int i = 0; i < RING; i++) {
                members[i].next = members[(i + 1) % RING];
            }
        }

        @Override
        public int pass(int hops) {
            stoppedAt = -1;
            EventLoop.Actor driver = (l, m) -> stoppedAt = ((Stopped) m).position();
            loop.send(members[0], new Token(hops, driver));
            loop.run();
            return stoppedAt;
        }

        @Override
        public void stop() {}
    }

    private static final class LoopMember implements EventLoop.Actor {
        private final int position;
        private LoopMember next;

        LoopMember(int position) {
            this.position = position;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            if (!(m instanceof Token(int hops, Object replyTo))) {
                throw unexpected(position, m);
            }
            if (hops == 0) {
                loop.send((EventLoop.Actor) replyTo, new Stopped(position));
            } else {
                loop.send(next, new Token(hops - 1, replyTo));
            }
        }
    }
}
