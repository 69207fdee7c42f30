package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;

/**
 * B9 GenServer call: client processes make synchronous calls to one generic server; the score is
 * nanoseconds per call (request, handling, reply, and the caller's wake-up).
 *
 * <p>Two shapes, as in BENCHMARKS.md: {@link #sequential} has one client make {@link #SEQUENTIAL_CALLS}
 * calls one after another (the call's round-trip time, to compare with B1's ping-pong round trip), and
 * {@link #concurrent} has {@link #CLIENTS} clients make {@link #CALLS_PER_CLIENT} calls each to the same
 * server at once (the server's throughput: calls/s is 10<sup>9</sup> divided by the score). The clients
 * live for the whole trial; each invocation sends them a go message and collects their reports. Every
 * reply is checked against its request (the server echoes a sequence number), and the invocation fails
 * unless every client reports all its calls answered.
 *
 * <p>Comparators ({@code impl}):
 *
 * <ul>
 *   <li>{@value #OTP4J}: a {@link GenServer} (a handler process) called with {@link GenServer#call} by
 *       direct-style client processes; each call monitors the server, makes an alias and arms the 5 s
 *       default timeout, as OTP's {@code gen_server:call} does.
 *   <li>{@value #OTP4J_CALLER_RUNS}: the same, with the server started with {@code
 *       SpawnOptions.callerRuns(true)} (its callbacks are short and never block): a client that finds it
 *       idle runs the request's activation on its own thread, so a call costs no thread switch.
 *   <li>{@value #OTP4J_SERVER_POOL}: the same, with the server's activations run on a {@code
 *       ForkJoinPool} sized to the carrier parallelism ({@code SpawnOptions.executor}); the clients stay
 *       virtual-thread processes, since a call blocks.
 *   <li>{@value #VTHREADS}: plain virtual threads (C2): the server is a virtual thread taking requests
 *       from its {@code LinkedTransferQueue}; each client is a virtual thread with a reply queue of its
 *       own, and a call puts a request carrying that queue and the sequence number into the server's
 *       queue, then blocks in {@code poll} on the reply queue for at most the 5 s call timeout. No
 *       monitor and no alias: a reply that comes after its timeout would be taken by the next call, and
 *       fail its sequence check.
 *   <li>{@value #PEKKO}: Pekko typed actors; each client actor asks the server actor with {@code
 *       ActorContext.ask} (a temporary reply reference and a 5 s timeout per call, the closest
 *       actor-to-actor analogue of a call) and makes its next call when the answer arrives.
 *   <li>{@value #PEKKO_VT}: as {@value #PEKKO}, with Pekko's default dispatcher on its {@code
 *       virtual-thread-executor} (C4).
 *   <li>{@value #LOOP}: the floor (C5): server and clients on a single-threaded {@link EventLoop}; a call
 *       is a request carrying the caller and a reply, with no monitor, alias or timer.
 *   <li>{@value #PEKKO_ASK}: Pekko's {@code AskPattern.ask} from blocking clients, each a plain virtual
 *       thread that waits on the returned future (the direct-style analogue of an otp4j client).
 * </ul>
 *
 * Run it through {@link Carriers1} and {@link Carriers2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class GenServerCall {
    /** Calls per invocation of {@link #sequential}, all from one client. */
    public static final int SEQUENTIAL_CALLS = 10_000;

    /** Client processes in {@link #concurrent}. */
    public static final int CLIENTS = 1_000;

    /** Calls each client makes per invocation of {@link #concurrent}. */
    public static final int CALLS_PER_CLIENT = 20;

    /** C1: otp4j generic server, direct-style callers. */
    public static final String OTP4J = "otp4j";

    /** C1 variant: the server lets its callers run it ({@code SpawnOptions.callerRuns}). */
    public static final String OTP4J_CALLER_RUNS = "otp4j-caller-runs";

    /** C1 variant: the server's activations on a ForkJoinPool executor. */
    public static final String OTP4J_SERVER_POOL = "otp4j-server-pool";

    /** C2: a server virtual thread and client virtual threads, each blocked on its own queue. */
    public static final String VTHREADS = Comparators.VTHREADS;

    /** C3: Pekko typed client actors using {@code ActorContext.ask}. */
    public static final String PEKKO = Comparators.PEKKO;

    /** C4: as {@link #PEKKO}, with Pekko's default dispatcher on its virtual-thread executor. */
    public static final String PEKKO_VT = Comparators.PEKKO_VT;

    /** C5: clients and server on a single-threaded event loop; a call is a request and a reply. */
    public static final String LOOP = Comparators.LOOP;

    /** C3 variant: {@code AskPattern.ask} from virtual threads blocked on the reply. */
    public static final String PEKKO_ASK = "pekko-askpattern";

    /** The call timeout of every comparator: OTP's default. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** Which comparator runs the workload. */
    @Param({OTP4J, OTP4J_CALLER_RUNS, OTP4J_SERVER_POOL, VTHREADS, PEKKO, PEKKO_ASK, PEKKO_VT, LOOP})
    public String impl;

    private Calls calls;

    /** Starts the server and the {@link #CLIENTS} clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        calls = switch (impl) {
            case OTP4J -> new Otp4jCalls(null, false);
            case OTP4J_CALLER_RUNS -> new Otp4jCalls(null, true);
            case OTP4J_SERVER_POOL ->
                new Otp4jCalls(
                        new ForkJoinPool(
                                Comparators.carrierParallelism(),
                                ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                                null,
                                true),
                        false);
            case VTHREADS -> new ThreadCalls();
            case PEKKO, PEKKO_VT -> new PekkoCalls(impl);
            case PEKKO_ASK -> new AskPatternCalls();
            case LOOP -> new LoopCalls();
            default ->
                throw new IllegalArgumentException("unknown comparator '" + impl + "', expected one of "
                        + java.util.List.of(
                                OTP4J,
                                OTP4J_CALLER_RUNS,
                                OTP4J_SERVER_POOL,
                                VTHREADS,
                                PEKKO,
                                PEKKO_ASK,
                                PEKKO_VT,
                                LOOP));
        };
        // a few calls from everyone at once, so that a broken set-up fails here rather than in the warm-up
        check(calls.round(CLIENTS, 2), CLIENTS * 2);
    }

    /** Stops the clients and the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        calls.stop();
    }

    /**
     * One client, {@link #SEQUENTIAL_CALLS} calls one after another.
     *
     * @return the number of calls answered correctly
     */
    @Benchmark
    @OperationsPerInvocation(SEQUENTIAL_CALLS)
    public int sequential() throws Exception {
        return check(calls.round(1, SEQUENTIAL_CALLS), SEQUENTIAL_CALLS);
    }

    /**
     * {@link #CLIENTS} clients, {@link #CALLS_PER_CLIENT} calls each, all to the same server at once.
     *
     * @return the number of calls answered correctly
     */
    @Benchmark
    @OperationsPerInvocation(CLIENTS * CALLS_PER_CLIENT)
    public int concurrent() throws Exception {
        return check(calls.round(CLIENTS, CALLS_PER_CLIENT), CLIENTS * CALLS_PER_CLIENT);
    }

    private static int check(int answered, int expected) {
        if (answered != expected) {
            throw new IllegalStateException("expected " + expected + " calls answered, " + answered + " were");
        }
        return answered;
    }

    /** B9 with one carrier thread. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=1",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers1 extends GenServerCall {}

    /** B9 with two carrier threads. */
    @Fork(
            value = 2,
            jvmArgsAppend = {
                "-D" + Comparators.PARALLELISM_PROPERTY + "=2",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG
            })
    public static class Carriers2 extends GenServerCall {}

    /** A server and its {@link #CLIENTS} clients, of one comparator. */
    private interface Calls {
        /**
         * Has the first {@code clients} clients make {@code perClient} calls each, and waits for all.
         *
         * @return how many calls were answered with the right reply
         */
        int round(int clients, int perClient) throws Exception;

        /** Stops the clients and the server. */
        void stop() throws Exception;
    }

    // ---- messages -----------------------------------------------------------------------------

    /** A call's request; the server answers with the same sequence number. */
    private record Request(int seq) {}

    /** Tells a client to make {@code calls} calls and report to {@code replyTo}. */
    private record Go(int calls, Object replyTo) {}

    /** A client's report: how many of its calls were answered correctly. */
    private record Done(int answered) {}

    private record Stop() {}

    private static IllegalStateException wrongReply(int seq, Object reply) {
        return new IllegalStateException("call " + seq + " got the reply " + reply);
    }

    // ---- C1 otp4j -----------------------------------------------------------------------------

    /** The server: counts the calls it handled and echoes the request's sequence number. */
    private static final class EchoServer implements GenServer<long[]> {
        @Override
        public InitResult<long[]> init(ProcessContext self) {
            return InitResult.ok(new long[1]);
        }

        @Override
        public CallResult<long[]> handleCall(ProcessContext self, Object request, From from, long[] handled) {
            if (!(request instanceof Request(int seq))) {
                throw new IllegalStateException("unexpected call " + request);
            }
            handled[0]++;
            return CallResult.reply(seq, handled);
        }
    }

    private static final class Otp4jCalls implements Calls {
        private final Node node = Node.builder().name("gen-server-call").build();
        private final ForkJoinPool pool; // the server's executor, or null for virtual threads
        private final Pid server;
        private final Pid[] clients = new Pid[CLIENTS];

        Otp4jCalls(ForkJoinPool pool, boolean callerRuns) {
            this.pool = pool;
            SpawnOptions options = pool == null
                    ? SpawnOptions.defaults().callerRuns(callerRuns)
                    : SpawnOptions.defaults().executor(pool);
            server = GenServer.start(node, new EchoServer(), options).pid();
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = node.spawn((ProcessBody) self -> {
                    while (true) {
                        Go go = (Go) self.receive();
                        int answered = 0;
                        for (int seq = 0; seq < go.calls(); seq++) {
                            Object reply = GenServer.call(self, server, new Request(seq), CALL_TIMEOUT);
                            if (!(reply instanceof Integer r) || r != seq) {
                                throw wrongReply(seq, reply);
                            }
                            answered++;
                        }
                        self.send((Pid) go.replyTo(), new Done(answered));
                    }
                });
            }
        }

        @Override
        public int round(int n, int perClient) {
            return node.run(
                    self -> {
                        Go go = new Go(perClient, self.self());
                        for (int i = 0; i < n; i++) {
                            self.send(clients[i], go);
                        }
                        int answered = 0;
                        for (int i = 0; i < n; i++) {
                            Done done = self.<Done>receive(m -> m instanceof Done d ? d : null, Duration.ofSeconds(30))
                                    .orElseThrow(() -> new IllegalStateException("a client did not report"));
                            answered += done.answered();
                        }
                        return answered;
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
            if (live != CLIENTS + 1) {
                throw new IllegalStateException(
                        "expected the server and " + CLIENTS + " clients alive, found " + live + " processes");
            }
        }
    }

    // ---- C2 plain virtual threads -------------------------------------------------------------

    /** A C2 call's request: the sequence number to echo and the caller's reply queue. */
    private record TRequest(int seq, LinkedTransferQueue<Object> replyTo) {}

    private static final class ThreadCalls implements Calls {
        private final LinkedTransferQueue<Object> serverBox = new LinkedTransferQueue<>();

        @SuppressWarnings("unchecked")
        private final LinkedTransferQueue<Object>[] boxes = new LinkedTransferQueue[CLIENTS];

        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>();
        private final Thread server;
        private final Thread[] clients = new Thread[CLIENTS];
        private long handled; // calls the server handled; written by the server thread, read after its join
        private long answeredInAll; // calls the clients reported answered, over all rounds

        ThreadCalls() {
            server = Thread.ofVirtual().name("server").start(() -> {
                try {
                    while (serverBox.take() instanceof TRequest(int seq, LinkedTransferQueue<Object> replyTo)) {
                        handled++;
                        replyTo.put(seq);
                    }
                } catch (Throwable t) {
                    reports.put(t);
                }
            });
            for (int i = 0; i < CLIENTS; i++) {
                LinkedTransferQueue<Object> box = new LinkedTransferQueue<>();
                LinkedTransferQueue<Object> replies = new LinkedTransferQueue<>();
                boxes[i] = box;
                clients[i] = Thread.ofVirtual().name("client-" + i).start(() -> {
                    try {
                        while (box.take() instanceof Go go) {
                            int answered = 0;
                            for (int seq = 0; seq < go.calls(); seq++) {
                                serverBox.put(new TRequest(seq, replies));
                                Object reply = replies.poll(CALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                                if (!(reply instanceof Integer r) || r != seq) {
                                    throw wrongReply(seq, reply);
                                }
                                answered++;
                            }
                            reports.put(new Done(answered));
                        }
                    } catch (Throwable t) {
                        reports.put(t);
                    }
                });
            }
        }

        @Override
        public int round(int n, int perClient) throws Exception {
            Go go = new Go(perClient, null);
            for (int i = 0; i < n; i++) {
                boxes[i].put(go);
            }
            int answered = collectReports(reports, n);
            answeredInAll += answered;
            return answered;
        }

        @Override
        public void stop() throws Exception {
            int live = server.isAlive() ? 1 : 0;
            for (Thread t : clients) {
                live += t.isAlive() ? 1 : 0;
            }
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(new Stop());
            }
            for (Thread t : clients) {
                if (!t.join(Comparators.INVOCATION_TIMEOUT)) {
                    throw new IllegalStateException("a client did not stop");
                }
            }
            serverBox.put(new Stop());
            if (!server.join(Comparators.INVOCATION_TIMEOUT)) {
                throw new IllegalStateException("the server did not stop");
            }
            if (live != CLIENTS + 1) {
                throw new IllegalStateException(
                        "expected the server and " + CLIENTS + " clients alive, found " + live + " threads");
            }
            if (!reports.isEmpty()) {
                throw new IllegalStateException("unexpected reports left: " + reports);
            }
            if (handled != answeredInAll) {
                throw new IllegalStateException(
                        "the clients had " + answeredInAll + " calls answered, the server handled " + handled);
            }
        }
    }

    // ---- C3 Pekko typed, client actors with ActorContext.ask ----------------------------------

    private record PRequest(int seq, ActorRef<PReply> replyTo) {}

    private record PReply(int seq) {}

    private static Behavior<PRequest> echoServer() {
        return Behaviors.receiveMessage(r -> {
            r.replyTo().tell(new PReply(r.seq()));
            return Behaviors.same();
        });
    }

    private sealed interface CoordinatorMsg permits Round, ClientDone {}

    /** From the host: the first {@code clients} clients make {@code perClient} calls each. */
    private record Round(int clients, int perClient, ActorRef<Integer> replyTo) implements CoordinatorMsg {}

    private record ClientDone(int answered) implements CoordinatorMsg {}

    private sealed interface ClientMsg permits PGo, Answer {}

    private record PGo(int calls, ActorRef<ClientDone> replyTo) implements ClientMsg {}

    /** The outcome of one ask: the reply, or the failure (a timeout). */
    private record Answer(int seq, PReply reply, Throwable failure) implements ClientMsg {}

    private static final class PekkoCalls implements Calls {
        private final ActorSystem<CoordinatorMsg> system;

        PekkoCalls(String impl) {
            system = Comparators.pekko(impl, Behaviors.setup(Coordinator::new), "gen-server-call");
        }

        @Override
        public int round(int clients, int perClient) throws Exception {
            return AskPattern.<CoordinatorMsg, Integer>ask(
                            system,
                            replyTo -> new Round(clients, perClient, replyTo),
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

    /** Spawns the server and the clients; fans a round out to the clients and adds up their reports. */
    private static final class Coordinator extends AbstractBehavior<CoordinatorMsg> {
        private final ActorRef<ClientMsg>[] clients;
        private final ActorRef<ClientDone> self;
        private Round current;
        private int waiting;
        private int answered;

        @SuppressWarnings("unchecked")
        Coordinator(ActorContext<CoordinatorMsg> context) {
            super(context);
            self = context.getSelf().narrow();
            ActorRef<PRequest> server = context.spawn(echoServer(), "server");
            clients = new ActorRef[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = context.spawn(Behaviors.setup(c -> new AskingClient(c, server)), "client-" + i);
            }
        }

        @Override
        public Receive<CoordinatorMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Round.class, this::onRound)
                    .onMessage(ClientDone.class, this::onDone)
                    .build();
        }

        private Behavior<CoordinatorMsg> onRound(Round r) {
            if (current != null) {
                throw new IllegalStateException("a round is already running");
            }
            current = r;
            waiting = r.clients();
            answered = 0;
            PGo go = new PGo(r.perClient(), self);
            for (int i = 0; i < r.clients(); i++) {
                clients[i].tell(go);
            }
            return this;
        }

        private Behavior<CoordinatorMsg> onDone(ClientDone d) {
            answered += d.answered();
            if (--waiting == 0) {
                current.replyTo().tell(answered);
                current = null;
            }
            return this;
        }
    }

    /** A client actor: asks the server, and on each answer checks it and asks again. */
    private static final class AskingClient extends AbstractBehavior<ClientMsg> {
        private final ActorRef<PRequest> server;
        private PGo go;
        private int answered;

        AskingClient(ActorContext<ClientMsg> context, ActorRef<PRequest> server) {
            super(context);
            this.server = server;
        }

        @Override
        public Receive<ClientMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(PGo.class, this::onGo)
                    .onMessage(Answer.class, this::onAnswer)
                    .build();
        }

        private Behavior<ClientMsg> onGo(PGo g) {
            go = g;
            answered = 0;
            if (g.calls() == 0) {
                g.replyTo().tell(new ClientDone(0));
            } else {
                ask(0);
            }
            return this;
        }

        private void ask(int seq) {
            getContext()
                    .ask(
                            PReply.class,
                            server,
                            CALL_TIMEOUT,
                            replyTo -> new PRequest(seq, replyTo),
                            (reply, failure) -> new Answer(seq, reply, failure));
        }

        private Behavior<ClientMsg> onAnswer(Answer a) {
            if (a.failure() != null || a.reply().seq() != a.seq() || a.seq() != answered) {
                throw wrongReply(a.seq(), a.failure() != null ? a.failure() : a.reply());
            }
            answered++;
            if (answered == go.calls()) {
                go.replyTo().tell(new ClientDone(answered));
            } else {
                ask(answered);
            }
            return this;
        }
    }

    // ---- C3 variant: AskPattern from blocking virtual threads ----------------------------------

    private static final class AskPatternCalls implements Calls {
        private final ActorSystem<PRequest> system =
                ActorSystem.create(echoServer(), "gen-server-call", Comparators.pekkoConfig());

        @SuppressWarnings("unchecked")
        private final LinkedTransferQueue<Object>[] boxes = new LinkedTransferQueue[CLIENTS];

        private final LinkedTransferQueue<Object> reports = new LinkedTransferQueue<>();
        private final Thread[] clients = new Thread[CLIENTS];

        AskPatternCalls() {
            for (int i = 0; i < CLIENTS; i++) {
                LinkedTransferQueue<Object> box = new LinkedTransferQueue<>();
                boxes[i] = box;
                clients[i] = Thread.ofVirtual().name("client-" + i).start(() -> {
                    try {
                        while (box.take() instanceof Go go) {
                            int answered = 0;
                            for (int seq = 0; seq < go.calls(); seq++) {
                                int s = seq;
                                CompletableFuture<PReply> reply = AskPattern.<PRequest, PReply>ask(
                                                system,
                                                replyTo -> new PRequest(s, replyTo),
                                                CALL_TIMEOUT,
                                                system.scheduler())
                                        .toCompletableFuture();
                                PReply r = reply.get();
                                if (r.seq() != seq) {
                                    throw wrongReply(seq, r);
                                }
                                answered++;
                            }
                            reports.put(new Done(answered));
                        }
                    } catch (Throwable t) {
                        reports.put(t);
                    }
                });
            }
        }

        @Override
        public int round(int n, int perClient) throws Exception {
            Go go = new Go(perClient, null);
            for (int i = 0; i < n; i++) {
                boxes[i].put(go);
            }
            int answered = collectReports(reports, n);
            return answered;
        }

        @Override
        public void stop() throws Exception {
            for (LinkedTransferQueue<Object> box : boxes) {
                box.put(new Stop());
            }
            for (Thread t : clients) {
                if (!t.join(Comparators.INVOCATION_TIMEOUT)) {
                    throw new IllegalStateException("a client did not stop");
                }
            }
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    private record LRequest(int seq, EventLoop.Actor from) {}

    private record LReply(int seq) {}

    private static final class LoopCalls implements Calls {
        private final EventLoop loop = new EventLoop();
        private final EventLoop.Actor server = new EventLoop.Actor() {
            private long handled;

            @Override
            public void receive(EventLoop l, Object m) {
                if (!(m instanceof LRequest(int seq, EventLoop.Actor from))) {
                    throw new IllegalStateException("unexpected call " + m);
                }
                handled++;
                l.send(from, new LReply(seq));
            }
        };
        private final LoopClient[] clients = new LoopClient[CLIENTS];
        private long answered;

        LoopCalls() {
            EventLoop.Actor collector = (l, m) -> answered += ((Done) m).answered();
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = new LoopClient(server, collector);
            }
        }

        @Override
        public int round(int n, int perClient) {
            answered = 0;
            Go go = new Go(perClient, null);
            for (int i = 0; i < n; i++) {
                loop.send(clients[i], go);
            }
            loop.run();
            return (int) answered;
        }

        @Override
        public void stop() {}
    }

    /** A client on the event loop: makes its calls one after another and reports. */
    private static final class LoopClient implements EventLoop.Actor {
        private final EventLoop.Actor server;
        private final EventLoop.Actor collector;
        private int calls;
        private int answered;

        LoopClient(EventLoop.Actor server, EventLoop.Actor collector) {
            this.server = server;
            this.collector = collector;
        }

        @Override
        public void receive(EventLoop loop, Object m) {
            switch (m) {
                case Go go -> {
                    calls = go.calls();
                    answered = 0;
                }
                case LReply(int seq) -> {
                    if (seq != answered) {
                        throw wrongReply(answered, m);
                    }
                    answered++;
                }
                default -> throw new IllegalStateException("a client got " + m);
            }
            if (answered < calls) {
                loop.send(server, new LRequest(answered, this));
            } else {
                loop.send(collector, new Done(answered));
            }
        }
    }

    /**
     * Takes {@code n} client reports from {@code reports}: each a {@link Done}, or the failure a client
     * (or the server) put there instead.
     *
     * @return the calls answered in all
     */
    private static int collectReports(java.util.concurrent.BlockingQueue<Object> reports, int n)
            throws InterruptedException {
        int answered = 0;
        for (int i = 0; i < n; i++) {
            Object report = reports.poll(30, TimeUnit.SECONDS);
            if (!(report instanceof Done(int a))) {
                throw new IllegalStateException(
                        "a client or the server failed, or a client did not report: " + report,
                        report instanceof Throwable t ? t : null);
            }
            answered += a;
        }
        return answered;
    }
}
