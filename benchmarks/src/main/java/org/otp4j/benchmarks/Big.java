package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;

/**
 * B6 Big (Savina 7): {@link #ACTORS} processes each ping a pseudo-random other one, wait for its pong,
 * and ping again, {@link #PINGS} times; every process also answers the pings it gets. The score is
 * nanoseconds per message (pings and pongs; messages/s = 10<sup>9</sup> ÷ score).
 *
 * <p>The processes live for the whole trial. Each invocation tells them all to start, and each reports
 * once it has had {@link #PINGS} pongs, each answering the ping it sent last (pongs carry the ping's
 * sequence number). The invocation fails unless all {@link #ACTORS} report all their pongs. Targets
 * come from a SplitMix64 sequence per process, seeded by its number, so every comparator sends the same
 * pings to the same targets. C1 runs the processes as handler processes ({@value
 * Comparators#OTP4J_HANDLER}) and as direct-style bodies ({@value Comparators#OTP4J_BODY}). Throughput
 * workload: default carrier parallelism.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {Comparators.QUIET_SLF4J, Comparators.OPEN_JAVA_LANG})
public class Big {
    /** Processes (Savina and BENCHMARKS.md: 120). */
    public static final int ACTORS = 120;

    /** Pings each process sends per invocation (BENCHMARKS.md: 20,000 in all; more come from iterations). */
    public static final int PINGS = 1_000;

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

    private Crowd crowd;

    /** Starts the processes. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        crowd = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_HANDLER -> new Otp4jCrowd(true);
            case Comparators.OTP4J_BODY -> new Otp4jCrowd(false);
            case Comparators.VTHREADS -> new ThreadsCrowd();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoCrowd(impl);
            case Comparators.LOOP -> new LoopCrowd();
            default -> throw new IllegalArgumentException("B6 has no " + impl + " variant");
        };
        check(crowd.round(3), 3);
    }

    /** Stops the processes. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        crowd.stop();
    }

    /**
     * One round: every process sends {@link #PINGS} pings and gets their pongs.
     *
     * @return the pongs reported, added up
     */
    @Benchmark
    @OperationsPerInvocation(ACTORS * PINGS * 2)
    public long round() throws Exception {
        return check(crowd.round(PINGS), PINGS);
    }

    private static long check(long pongs, int pings) {
        long expected = (long) ACTORS * pings;
        if (pongs != expected) {
            throw new IllegalStateException(ACTORS + " processes x " + pings + " pings should bring " + expected
                    + " pongs, the reports add up to " + pongs);
        }
        return pongs;
    }

    private interface Crowd {
        /** Has every process send {@code pings} pings; returns the pongs reported, added up. */
        long round(int pings) throws Exception;

        /** Stops the processes. */
        void stop() throws Exception;
    }

    /**
     * The targets of one process: a SplitMix64 sequence seeded by its number, never itself.
     */
    private static final class Targets {
        private final int me;
        private long state;

        Targets(int me) {
            this.me = me;
            this.state = me * 0x9E3779B97F4A7C15L;
        }

        int next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int t = (int) Long.remainderUnsigned(z, ACTORS - 1);
            return t >= me ? t + 1 : t;
        }
    }

    /** Starts a round: send {@code pings} pings, report to {@code replyTo}. */
    private record Start(int pings, Object replyTo) {}

    private record Ping(Object from, int seq) {}

    private record Pong(int seq) {}

    /** A process's report: the pongs it had. */
    private record Done(int pongs) {}

    /** Every process's peers, sent once when the crowd is built. */
    private record Peers(Object[] peers) {}

    private record Stop() {}

    private static IllegalStateException unexpected(int who, Object m) {
        return new IllegalStateException("process " + who + " got " + m);
    }

    private static IllegalStateException wrongPong(int who, int expected, int got) {
        return new IllegalStateException("process " + who + " expected pong " + expected + ", got " + got);
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jCrowd implements Crowd {
        private final Node node = Node.builder().name("big").build();
        private final Pid[] pids = new Pid[ACTORS];

        Otp4jCrowd(boolean handlers) {
            for (int i = 0; i < ACTORS; i++) {
                pids[i] = handlers ? node.spawn(new BigHandler(i)) : node.spawn(body(i));
            }
            Peers peers = new Peers(pids.clone());
            for (Pid p : pids) {
                node.send(p, peers);
            }
        }

        private static ProcessBody body(int me) {
            return self -> {
                Object[] peers = ((Peers) self.receive()).peers();
                Targets targets = new Targets(me);
                Pid myself = self.self();
                Start start = null;
                int sent = 0;
                while (true) {
                    switch (self.receive()) {
                        case Ping(Object from, int seq) -> self.send((Pid) from, new Pong(seq));
                        case Start s -> {
                            start = s;
                            sent = 1;
                            self.send((Pid) peers[targets.next()], new Ping(myself, 0));
                        }
                        case Pong(int seq) -> {
                            if (seq != sent - 1) {
                                throw wrongPong(me, sent - 1, seq);
                            }
                            if (sent == start.pings()) {
                                self.send((Pid) start.replyTo(), new Done(sent));
                            } else {
                                self.send((Pid) peers[targets.next()], new Ping(myself, sent++));
                            }
                        }
                        case Object m -> throw unexpected(me, m);
                    }
                }
            };
        }

        @Override
        public long round(int pings) {
            return node.run(
                    self -> {
                        Start start = new Start(pings, self.self());
                        for (Pid p : pids) {
                            self.send(p, start);
                        }
                        long pongs = 0;
                        for (int i = 0; i < ACTORS; i++) {
                            pongs += self.<Done>receive(m -> m instanceof Done d ? d : null, Duration.ofSeconds(30))
                                    .orElseThrow(() -> new IllegalStateException("a process did not report"))
                                    .pongs();
                        }
                        return pongs;
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            int live = node.processes().size();
            node.close();
            if (live != ACTORS) {
                throw new IllegalStateException("expected " + ACTORS + " processes alive, found " + live);
            }
        }
    }

    /** One process as a handler. */
    private static final class BigHandler implements MessageHandler {
        private final int me;
        private final Targets targets;
        private Object[] peers;
        private Start start;
        private int sent;

        BigHandler(int me) {
            this.me = me;
            this.targets = new Targets(me);
        }

        @Override
        public void handle(ProcessContext self, Object m) {
            switch (m) {
                case Ping(Object from, int seq) -> self.send((Pid) from, new Pong(seq));
                case Pong(int seq) -> {
                    if (seq != sent - 1) {
                        throw wrongPong(me, sent - 1, seq);
                    }
                    if (sent == start.pings()) {
                        self.send((Pid) start.replyTo(), new Done(sent));
                    } else {
                        self.send((Pid) peers[targets.next()], new Ping(self.self(), sent++));
                    }
                }
                case Start s -> {
                    start = s;
                    sent = 1;
                    self.send((Pid) peers[targets.next()], new Ping(self.self(), 0));
                }
                case Peers p -> peers = p.peers();
                default -> throw unexpected(me, m);
            }
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadsCrowd implements Crowd {
        @SuppressWarnings("unchecked")
        private final LinkedTransferQueue<Object>[] boxes = new LinkedTransferQueue[ACTORS];

        private final Thread[] threads = new Thread[ACTORS];
        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>();

        ThreadsCrowd() {
            for (int i = 0; i < ACTORS; i++) {
                boxes[i] = new LinkedTransferQueue<>();
            }
            for (int i = 0; i < ACTORS; i++) {
                int me = i;
                LinkedTransferQueue<Object> box = boxes[i];
                threads[i] = Thread.ofVirtual().name("big-" + i).start(() -> {
                    try {
                        Targets targets = new Targets(me);
                        int pings = 0;
                        int sent = 0;
                        while (true) {
                            Object m = box.take();
                            if (m instanceof Ping(Object from, int seq)) {
                                box(from).put(new Pong(seq));
                            } else if (m instanceof Pong(int seq)) {
                                if (seq != sent - 1) {
                                    throw wrongPong(me, sent - 1, seq);
                                }
                                if (sent == pings) {
                                    reports.put(new Done(sent));
                                } else {
                                    boxes[targets.next()].put(new Ping(box, sent++));
                                }
                            } else if (m instanceof Start s) {
                                pings = s.pings();
                                sent = 1;
                                boxes[targets.next()].put(new Ping(box, 0));
                            } else if (m instanceof Stop) {
                                return;
                            } else {
                                throw unexpected(me, m);
                            }
                        }
                    } catch (Throwable t) {
                        reports.put(t);
                    }
                });
            }
        }

        @SuppressWarnings("unchecked")
        private static LinkedTransferQueue<Object> box(Object o) {
            return (LinkedTransferQueue<Object>) o;
        }

        @Override
        public long round(int pings) throws Exception {
            Start start = new Start(pings, null);
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(start);
            }
            long pongs = 0;
            for (int i = 0; i < ACTORS; i++) {
                Object r = reports.poll(30, TimeUnit.SECONDS);
                if (!(r instanceof Done(int n))) {
                    throw new IllegalStateException("a process failed or did not report: " + r);
                }
                pongs += n;
            }
            return pongs;
        }

        @Override
        public void stop() throws InterruptedException {
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(new Stop());
            }
            for (Thread t : threads) {
                if (!t.join(Comparators.INVOCATION_TIMEOUT)) {
                    throw new IllegalStateException("a process did not stop");
                }
            }
        }
    }

    // ---- C3 / C4 Pekko typed ----------------------------------------------------------------------

    private sealed interface BigMsg permits PPeers, PStart, PPing, PPong {}

    private record PPeers(ActorRef<BigMsg>[] peers) implements BigMsg {}

    private record PStart(int pings, ActorRef<Done> replyTo) implements BigMsg {}

    private record PPing(ActorRef<BigMsg> from, int seq) implements BigMsg {}

    private record PPong(int seq) implements BigMsg {}

    private sealed interface SinkMsg permits PRound, PDone {}

    private record PRound(int pings, ActorRef<Long> replyTo) implements SinkMsg {}

    private record PDone(Done done) implements SinkMsg {}

    /** The guardian: spawns the crowd, starts rounds and adds up the reports. */
    private static final class Sink extends AbstractBehavior<SinkMsg> {
        private final ActorRef<BigMsg>[] crowd;
        private final ActorRef<Done> self;
        private ActorRef<Long> replyTo;
        private int waiting;
        private long pongs;

        @SuppressWarnings("unchecked")
        Sink(ActorContext<SinkMsg> ctx) {
            super(ctx);
            self = ctx.messageAdapter(Done.class, PDone::new);
            crowd = new ActorRef[ACTORS];
            for (int i = 0; i < ACTORS; i++) {
                int me = i;
                crowd[i] = ctx.spawn(Behaviors.setup(c -> new PekkoBig(c, me)), "big-" + i);
            }
            for (ActorRef<BigMsg> a : crowd) {
                a.tell(new PPeers(crowd));
            }
        }

        @Override
        public Receive<SinkMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(PRound.class, this::onRound)
                    .onMessage(PDone.class, this::onDone)
                    .build();
        }

        private Behavior<SinkMsg> onRound(PRound r) {
            replyTo = r.replyTo();
            waiting = ACTORS;
            pongs = 0;
            PStart start = new PStart(r.pings(), self);
            for (ActorRef<BigMsg> a : crowd) {
                a.tell(start);
            }
            return this;
        }

        private Behavior<SinkMsg> onDone(PDone d) {
            pongs += d.done().pongs();
            if (--waiting == 0) {
                replyTo.tell(pongs);
            }
            return this;
        }
    }

    private static final class PekkoBig extends AbstractBehavior<BigMsg> {
        private final int me;
        private final Targets targets;
        private final ActorRef<BigMsg> myself;
        private ActorRef<BigMsg>[] peers;
        private PStart start;
        private int sent;

        PekkoBig(ActorContext<BigMsg> ctx, int me) {
            super(ctx);
            this.me = me;
            this.targets = new Targets(me);
            this.myself = ctx.getSelf();
        }

        @Override
        public Receive<BigMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(PPing.class, p -> {
                        p.from().tell(new PPong(p.seq()));
                        return this;
                    })
                    .onMessage(PPong.class, this::onPong)
                    .onMessage(PStart.class, s -> {
                        start = s;
                        sent = 1;
                        peers[targets.next()].tell(new PPing(myself, 0));
                        return this;
                    })
                    .onMessage(PPeers.class, p -> {
                        peers = p.peers();
                        return this;
                    })
                    .build();
        }

        private Behavior<BigMsg> onPong(PPong p) {
            if (p.seq() != sent - 1) {
                throw wrongPong(me, sent - 1, p.seq());
            }
            if (sent == start.pings()) {
                start.replyTo().tell(new Done(sent));
            } else {
                peers[targets.next()].tell(new PPing(myself, sent++));
            }
            return this;
        }
    }

    private static final class PekkoCrowd implements Crowd {
        private final ActorSystem<SinkMsg> system;

        PekkoCrowd(String impl) {
            system = Comparators.pekko(impl, Behaviors.setup(Sink::new), "big");
        }

        @Override
        public long round(int pings) throws Exception {
            return Comparators.<SinkMsg, Long>ask(system, replyTo -> new PRound(pings, replyTo));
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopCrowd implements Crowd {
        private final EventLoop loop = new EventLoop();
        private final LoopBig[] crowd = new LoopBig[ACTORS];

        LoopCrowd() {
            for (int i = 0; i < ACTORS; i++) {
                crowd[i] = new LoopBig(i, crowd);
            }
        }

        @Override
        public long round(int pings) {
            long[] pongs = {0};
            Start start = new Start(pings, (EventLoop.Actor) (l, m) -> pongs[0] += ((Done) m).pongs());
            for (LoopBig b : crowd) {
                loop.send(b, start);
            }
            loop.run();
            return pongs[0];
        }

        @Override
        public void stop() {}
    }

    private static final class LoopBig implements EventLoop.Actor {
        private final int me;
        private final LoopBig[] peers;
        private final Targets targets;
        private Start start;
        private int sent;

        LoopBig(int me, LoopBig[] peers) {
            this.me = me;
            this.peers = peers;
            this.targets = new Targets(me);
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            switch (m) {
                case Ping(Object from, int seq) -> loop.send((EventLoop.Actor) from, new Pong(seq));
                case Pong(int seq) -> {
                    if (seq != sent - 1) {
                        throw wrongPong(me, sent - 1, seq);
                    }
                    if (sent == start.pings()) {
                        loop.send((EventLoop.Actor) start.replyTo(), new Done(sent));
                    } else {
                        loop.send(peers[targets.next()], new Ping(this, sent++));
                    }
                }
                case Start s -> {
                    start = s;
                    sent = 1;
                    loop.send(peers[targets.next()], new Ping(this, 0));
                }
                default -> throw unexpected(me, m);
            }
        }
    }
}
