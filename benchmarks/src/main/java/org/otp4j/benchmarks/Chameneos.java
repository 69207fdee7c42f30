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
 * B5 Chameneos (Savina 6): {@link #creatures} creatures, each with one of three colours, go to a mall
 * to meet; the mall pairs them two by two until it has arranged {@link #meetings} meetings. The score
 * is milliseconds per game (spawning the mall and the creatures, all meetings, and every creature's
 * final report).
 *
 * <p>The protocol: a creature sends the mall {@code Meet(itself, colour)}. The mall keeps the first of
 * two; at the second it counts a meeting and sends the first creature {@code Mate(second, colour)}.
 * That creature takes the complement of the two colours, and sends the second {@code Change(new colour,
 * its old colour)}, which checks that it gets the same complement; both then go back to the mall. Once
 * the meetings are used up, the mall answers every {@code Meet} with {@code Stop}, and each creature
 * reports how many meetings it had. The invocation fails unless the reports add up to twice
 * {@link #meetings} (every meeting has two sides) and every colour change agreed. C1 runs the mall as a
 * handler process and the creatures as handler processes ({@value Comparators#OTP4J_HANDLER}) or
 * direct-style bodies ({@value Comparators#OTP4J_BODY}). Throughput workload: default carrier
 * parallelism.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {Comparators.QUIET_SLF4J, Comparators.OPEN_JAVA_LANG})
public class Chameneos {
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

    /** Creatures per game (BENCHMARKS.md: 100). */
    @Param({"100"})
    public int creatures;

    /** Meetings per game (BENCHMARKS.md: 200,000). */
    @Param({"200000"})
    public int meetings;

    private Game game;

    /** Starts the comparator's runtime. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (creatures < 2 || meetings < 1) {
            throw new IllegalArgumentException(
                    "B5 needs at least 2 creatures and 1 meeting, got " + creatures + " and " + meetings);
        }
        game = switch (Comparators.check(impl)) {
            case Comparators.OTP4J_HANDLER -> new Otp4jGame(true);
            case Comparators.OTP4J_BODY -> new Otp4jGame(false);
            case Comparators.VTHREADS -> new ThreadsGame();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoGame(impl);
            case Comparators.LOOP -> new LoopGame();
            default -> throw new IllegalArgumentException("B5 has no " + impl + " variant");
        };
        check(game.play(creatures, 10), 10);
    }

    /** Stops the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        game.stop();
    }

    /**
     * One game.
     *
     * @return the meetings the creatures reported, added up
     */
    @Benchmark
    public long game() throws Exception {
        return check(game.play(creatures, meetings), meetings);
    }

    private static long check(long reported, int meetings) {
        if (reported != 2L * meetings) {
            throw new IllegalStateException(meetings + " meetings should add up to " + 2L * meetings
                    + " in the reports, they add up to " + reported);
        }
        return reported;
    }

    private interface Game {
        /** Plays a game; returns the sum of the creatures' reported meetings. */
        long play(int creatures, int meetings) throws Exception;

        /** Stops the runtime. */
        void stop() throws Exception;
    }

    private static int complement(int a, int b) {
        return a == b ? a : 3 - a - b;
    }

    private static IllegalStateException disagree(int mine, int theirs, int told) {
        return new IllegalStateException("creature of colour " + mine + " met colour " + theirs + " and was told "
                + told + ", not " + complement(mine, theirs));
    }

    private static IllegalStateException unexpected(String who, Object m) {
        return new IllegalStateException("the " + who + " got " + m);
    }

    // ---- messages (C1, C2, C5; Pekko has its typed versions) --------------------------------------

    private record Meet(Object creature, int colour) {}

    private record Mate(Object other, int colour) {}

    private record Change(int colour, int otherColour) {}

    private record Stop() {}

    private record Report(long meetings) {}

    private record Start() {}

    private record Result(long total) {}

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jGame implements Game {
        private final Node node = Node.builder().name("chameneos").build();
        private final boolean handlers;

        Otp4jGame(boolean handlers) {
            this.handlers = handlers;
        }

        @Override
        public long play(int creatures, int meetings) {
            return node.run(
                    self -> {
                        Pid mall = self.spawn(new Mall(meetings, creatures, self.self()));
                        for (int i = 0; i < creatures; i++) {
                            if (handlers) {
                                self.send(self.spawn(new Creature(mall, i % 3)), new Start());
                            } else {
                                self.spawn(creatureBody(mall, i % 3));
                            }
                        }
                        return self.<Result>receive(m -> m instanceof Result r ? r : null, Duration.ofSeconds(30))
                                .orElseThrow(() -> new IllegalStateException("the mall did not report"))
                                .total();
                    },
                    Comparators.INVOCATION_TIMEOUT);
        }

        @Override
        public void stop() {
            node.close();
        }
    }

    /** The mall as a handler process. */
    private static final class Mall implements MessageHandler {
        private final int creatures;
        private final Pid replyTo;
        private int remaining;
        private Pid waiting;
        private int waitingColour;
        private int reports;
        private long total;

        Mall(int meetings, int creatures, Pid replyTo) {
            this.remaining = meetings;
            this.creatures = creatures;
            this.replyTo = replyTo;
        }

        @Override
        public void handle(ProcessContext self, Object m) {
            switch (m) {
                case Meet(Object c, int colour) when remaining == 0 -> self.send((Pid) c, new Stop());
                case Meet(Object c, int colour)
                when waiting == null -> {
                    waiting = (Pid) c;
                    waitingColour = colour;
                }
                case Meet(Object c, int colour) -> {
                    remaining--;
                    self.send(waiting, new Mate(c, colour));
                    waiting = null;
                }
                case Report(long n) -> {
                    total += n;
                    if (++reports == creatures) {
                        self.send(replyTo, new Result(total));
                        throw self.exit(ExitReason.normal());
                    }
                }
                default -> throw unexpected("mall", m);
            }
        }
    }

    /** A creature as a handler process. */
    private static final class Creature implements MessageHandler {
        private final Pid mall;
        private int colour;
        private long met;

        Creature(Pid mall, int colour) {
            this.mall = mall;
            this.colour = colour;
        }

        @Override
        public void handle(ProcessContext self, Object m) {
            switch (m) {
                case Mate(Object other, int theirs) -> {
                    int old = colour;
                    colour = complement(old, theirs);
                    met++;
                    self.send((Pid) other, new Change(colour, old));
                }
                case Change(int told, int theirs) -> {
                    if (told != complement(colour, theirs)) {
                        throw disagree(colour, theirs, told);
                    }
                    colour = told;
                    met++;
                }
                case Stop s -> {
                    self.send(mall, new Report(met));
                    throw self.exit(ExitReason.normal());
                }
                case Start s -> {}
                default -> throw unexpected("creature", m);
            }
            self.send(mall, new Meet(self.self(), colour));
        }
    }

    private static ProcessBody creatureBody(Pid mall, int initial) {
        return self -> {
            Pid me = self.self();
            int colour = initial;
            long met = 0;
            while (true) {
                self.send(mall, new Meet(me, colour));
                Object m = self.receive();
                switch (m) {
                    case Mate(Object other, int theirs) -> {
                        int old = colour;
                        colour = complement(old, theirs);
                        met++;
                        self.send((Pid) other, new Change(colour, old));
                    }
                    case Change(int told, int theirs) -> {
                        if (told != complement(colour, theirs)) {
                            throw disagree(colour, theirs, told);
                        }
                        colour = told;
                        met++;
                    }
                    case Stop s -> {
                        self.send(mall, new Report(met));
                        return;
                    }
                    default -> throw unexpected("creature", m);
                }
            }
        };
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadsGame implements Game {
        @Override
        public long play(int creatures, int meetings) throws Exception {
            LinkedTransferQueue<Object> mallBox = new LinkedTransferQueue<>();
            LinkedTransferQueue<Object> result = new LinkedTransferQueue<>();
            Thread mall = Thread.ofVirtual().start(() -> {
                try {
                    int remaining = meetings;
                    LinkedTransferQueue<Object> waiting = null;
                    int reports = 0;
                    long total = 0;
                    while (reports < creatures) {
                        Object m = mallBox.take();
                        if (m instanceof Meet(Object c, int colour)) {
                            if (remaining == 0) {
                                box(c).put(new Stop());
                            } else if (waiting == null) {
                                waiting = box(c);
                            } else {
                                remaining--;
                                waiting.put(new Mate(c, colour));
                                waiting = null;
                            }
                        } else if (m instanceof Report(long n)) {
                            total += n;
                            reports++;
                        } else {
                            throw unexpected("mall", m);
                        }
                    }
                    result.put(new Result(total));
                } catch (Throwable t) {
                    result.put(t);
                }
            });
            Thread[] threads = new Thread[creatures];
            for (int i = 0; i < creatures; i++) {
                int initial = i % 3;
                threads[i] = Thread.ofVirtual().start(() -> {
                    try {
                        LinkedTransferQueue<Object> me = new LinkedTransferQueue<>();
                        int colour = initial;
                        long met = 0;
                        while (true) {
                            mallBox.put(new Meet(me, colour));
                            Object m = me.take();
                            switch (m) {
                                case Mate(Object other, int theirs) -> {
                                    int old = colour;
                                    colour = complement(old, theirs);
                                    met++;
                                    box(other).put(new Change(colour, old));
                                }
                                case Change(int told, int theirs) -> {
                                    if (told != complement(colour, theirs)) {
                                        throw disagree(colour, theirs, told);
                                    }
                                    colour = told;
                                    met++;
                                }
                                case Stop s -> {
                                    mallBox.put(new Report(met));
                                    return;
                                }
                                default -> throw unexpected("creature", m);
                            }
                        }
                    } catch (Throwable t) {
                        result.put(t);
                    }
                });
            }
            Object r = result.poll(Comparators.INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!(r instanceof Result(long total))) {
                throw new IllegalStateException("the game failed or timed out: " + r);
            }
            mall.join();
            for (Thread t : threads) {
                t.join();
            }
            return total;
        }

        @SuppressWarnings("unchecked")
        private static LinkedTransferQueue<Object> box(Object o) {
            return (LinkedTransferQueue<Object>) o;
        }

        @Override
        public void stop() {}
    }

    // ---- C3 / C4 Pekko typed ----------------------------------------------------------------------

    private sealed interface MallMsg permits PMeet, PReport {}

    private record PMeet(ActorRef<CreatureMsg> creature, int colour) implements MallMsg {}

    private record PReport(long meetings) implements MallMsg {}

    private sealed interface CreatureMsg permits PMate, PChange, PStop {}

    private record PMate(ActorRef<CreatureMsg> other, int colour) implements CreatureMsg {}

    private record PChange(int colour, int otherColour) implements CreatureMsg {}

    private record PStop() implements CreatureMsg {}

    private record PGame(int creatures, int meetings, ActorRef<Long> replyTo) {}

    private static Behavior<PGame> games() {
        return Behaviors.receive((ctx, g) -> {
            ctx.spawnAnonymous(pekkoMall(g));
            return Behaviors.same();
        });
    }

    private static Behavior<MallMsg> pekkoMall(PGame g) {
        return Behaviors.setup(ctx -> {
            for (int i = 0; i < g.creatures(); i++) {
                ctx.spawnAnonymous(pekkoCreature(ctx.getSelf(), i % 3));
            }
            return new PekkoMall(ctx, g);
        });
    }

    private static final class PekkoMall extends AbstractBehavior<MallMsg> {
        private final PGame game;
        private int remaining;
        private ActorRef<CreatureMsg> waiting;
        private int reports;
        private long total;

        PekkoMall(ActorContext<MallMsg> ctx, PGame game) {
            super(ctx);
            this.game = game;
            this.remaining = game.meetings();
        }

        @Override
        public Receive<MallMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(PMeet.class, this::onMeet)
                    .onMessage(PReport.class, this::onReport)
                    .build();
        }

        private Behavior<MallMsg> onMeet(PMeet m) {
            if (remaining == 0) {
                m.creature().tell(new PStop());
            } else if (waiting == null) {
                waiting = m.creature();
            } else {
                remaining--;
                waiting.tell(new PMate(m.creature(), m.colour()));
                waiting = null;
            }
            return this;
        }

        private Behavior<MallMsg> onReport(PReport r) {
            total += r.meetings();
            if (++reports == game.creatures()) {
                game.replyTo().tell(total);
                return Behaviors.stopped();
            }
            return this;
        }
    }

    private static Behavior<CreatureMsg> pekkoCreature(ActorRef<MallMsg> mall, int initial) {
        return Behaviors.setup(ctx -> {
            ActorRef<CreatureMsg> me = ctx.getSelf();
            mall.tell(new PMeet(me, initial));
            int[] colour = {initial};
            long[] met = {0};
            return Behaviors.receiveMessage(m -> {
                switch (m) {
                    case PMate(ActorRef<CreatureMsg> other, int theirs) -> {
                        int old = colour[0];
                        colour[0] = complement(old, theirs);
                        met[0]++;
                        other.tell(new PChange(colour[0], old));
                    }
                    case PChange(int told, int theirs) -> {
                        if (told != complement(colour[0], theirs)) {
                            throw disagree(colour[0], theirs, told);
                        }
                        colour[0] = told;
                        met[0]++;
                    }
                    case PStop s -> {
                        mall.tell(new PReport(met[0]));
                        return Behaviors.stopped();
                    }
                }
                mall.tell(new PMeet(me, colour[0]));
                return Behaviors.same();
            });
        });
    }

    private static final class PekkoGame implements Game {
        private final ActorSystem<PGame> system;

        PekkoGame(String impl) {
            system = Comparators.pekko(impl, games(), "chameneos");
        }

        @Override
        public long play(int creatures, int meetings) throws Exception {
            return Comparators.<PGame, Long>ask(system, replyTo -> new PGame(creatures, meetings, replyTo));
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private static final class LoopGame implements Game {
        private final EventLoop loop = new EventLoop();

        @Override
        public long play(int creatures, int meetings) {
            long[] result = {-1};
            LoopMall mall = new LoopMall(meetings, creatures, (l, m) -> result[0] = ((Result) m).total());
            for (int i = 0; i < creatures; i++) {
                loop.send(new LoopCreature(mall, i % 3), new Start());
            }
            loop.run();
            return result[0];
        }

        @Override
        public void stop() {}
    }

    private static final class LoopMall implements EventLoop.Actor {
        private final int creatures;
        private final EventLoop.Actor replyTo;
        private int remaining;
        private EventLoop.Actor waiting;
        private int reports;
        private long total;

        LoopMall(int meetings, int creatures, EventLoop.Actor replyTo) {
            this.remaining = meetings;
            this.creatures = creatures;
            this.replyTo = replyTo;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            switch (m) {
                case Meet(Object c, int colour) when remaining == 0 -> loop.send((EventLoop.Actor) c, new Stop());
                case Meet(Object c, int colour) when waiting == null -> waiting = (EventLoop.Actor) c;
                case Meet(Object c, int colour) -> {
                    remaining--;
                    loop.send(waiting, new Mate(c, colour));
                    waiting = null;
                }
                case Report(long n) -> {
                    total += n;
                    if (++reports == creatures) {
                        loop.send(replyTo, new Result(total));
                    }
                }
                default -> throw unexpected("mall", m);
            }
        }
    }

    private static final class LoopCreature implements EventLoop.Actor {
        private final LoopMall mall;
        private int colour;
        private long met;

        LoopCreature(LoopMall mall, int colour) {
            this.mall = mall;
            this.colour = colour;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            switch (m) {
                case Mate(Object other, int theirs) -> {
                    int old = colour;
                    colour = complement(old, theirs);
                    met++;
                    loop.send((EventLoop.Actor) other, new Change(colour, old));
                }
                case Change(int told, int theirs) -> {
                    if (told != complement(colour, theirs)) {
                        throw disagree(colour, theirs, told);
                    }
                    colour = told;
                    met++;
                }
                case Stop s -> {
                    loop.send(mall, new Report(met));
                    return;
                }
                case Start s -> {}
                default -> throw unexpected("creature", m);
            }
            loop.send(mall, new Meet(this, colour));
        }
    }
}
