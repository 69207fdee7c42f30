package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessInfo;
import org.otp4j.ProcessStatus;

/**
 * B8 Idle memory: the heap an idle process costs, for each comparator.
 *
 * <p>Each comparator is measured in a fresh JVM (a child of this one, same class path; see {@link
 * ChildJvm}), so that one comparator's garbage, threads and JIT state do not bleed into another's figure.
 * The child collects garbage until the heap settles, spawns N processes that then sit idle (an otp4j
 * handler process with no activation, an otp4j body blocked in {@code receive}, a virtual thread parked
 * on its queue, a Pekko actor waiting for a message on either dispatcher, an event-loop actor), waits
 * until every one of them is idle, collects again, and reports (heap used after − heap used before) /
 * N. The array that holds the N references is allocated before
 * the first reading; everything else the processes need (pids, cells, threads and their stacks, queues,
 * actor cells, registry entries) counts. The code object (handler, body, behavior) is shared, so
 * per-process state of a real server would come on top, equally for every comparator.
 *
 * <p>C5 ({@value Comparators#LOOP}) is the floor: an idle actor on a single-threaded {@link EventLoop} is
 * an object with one field, made addressable by an entry in the loop's {@code HashMap} from an integer
 * id to the actor (the map node and the boxed key count); no thread, no mailbox of its own.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.otp4j.benchmarks.IdleMemory [--n 100000] [--full]
 *     [--impl otp4j-handler,otp4j-body,vthreads,pekko,pekko-vt,loop] [--xmx 4g]
 * </pre>
 *
 * {@code --full} measures 100k and 1M. The child JVMs run with G1, the given maximum heap and the default
 * carrier parallelism.
 */
public final class IdleMemory {
    /** The default population. */
    public static final int DEFAULT_N = 100_000;

    /** The comparators measured by default, in the order of the report. */
    public static final List<String> COMPARATORS = List.of(
            Comparators.OTP4J_HANDLER,
            Comparators.OTP4J_BODY,
            Comparators.VTHREADS,
            Comparators.PEKKO,
            Comparators.PEKKO_VT,
            Comparators.LOOP);

    private IdleMemory() {}

    /**
     * One comparator's figure.
     *
     * @param impl the comparator
     * @param n how many idle processes
     * @param beforeBytes heap used before spawning
     * @param afterBytes heap used with the N processes idle
     * @param spawnMillis time to spawn the N processes and see them all idle
     * @param carriers the child JVM's carrier parallelism
     */
    public record Result(String impl, int n, long beforeBytes, long afterBytes, double spawnMillis, int carriers) {
        /** Bytes of heap per idle process. */
        public double bytesPerProcess() {
            return (afterBytes - beforeBytes) / (double) n;
        }
    }

    /** Runs the measurements named on the command line and prints a table. */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(Comparators.check(args[1]), Integer.parseInt(args[2]));
            return;
        }
        List<Integer> sizes = new ArrayList<>(List.of(DEFAULT_N));
        List<String> impls = new ArrayList<>(COMPARATORS);
        String xmx = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> sizes = List.of(Integer.parseInt(args[++i].replace("_", "")));
                case "--full" -> sizes = List.of(DEFAULT_N, 1_000_000);
                case "--impl" -> impls = List.of(args[++i].split(","));
                case "--xmx" -> xmx = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: IdleMemory [--n N] [--full] [--impl a,b] [--xmx 4g]");
            }
        }
        System.out.printf(Locale.ROOT, "%-16s %10s %14s %12s%n", "comparator", "N", "bytes/process", "spawn ms");
        for (int n : sizes) {
            for (String impl : impls) {
                Result r = measure(impl, n, xmx);
                System.out.printf(
                        Locale.ROOT,
                        "%-16s %10d %14.1f %12.1f%n",
                        r.impl(),
                        r.n(),
                        r.bytesPerProcess(),
                        r.spawnMillis());
            }
        }
    }

    /**
     * Measures one comparator in a child JVM.
     *
     * @param impl the comparator
     * @param n how many idle processes
     * @param xmx the child's maximum heap, or null for a size that fits {@code n}
     * @return the figure
     */
    public static Result measure(String impl, int n, String xmx) throws Exception {
        Comparators.check(impl);
        String heap = xmx != null ? xmx : n > 200_000 ? "8g" : "2g";
        Map<String, String> fields =
                ChildJvm.run(IdleMemory.class, heap, "B8 " + impl, List.of("--child", impl, Integer.toString(n)));
        return new Result(
                impl,
                n,
                Long.parseLong(fields.get("before")),
                Long.parseLong(fields.get("after")),
                Double.parseDouble(fields.get("spawnMillis")),
                Integer.parseInt(fields.get("carriers")));
    }

    // ---- the child JVM ----------------------------------------------------------------------------

    /** An idle population of one comparator. */
    private interface Population {
        /** Spawns {@code n} processes into {@code refs} and returns once every one of them is idle. */
        void spawnIdle(Object[] refs) throws Exception;

        /** Throws unless all {@code n} processes are still alive. */
        void checkAlive(int n) throws Exception;

        /** Ends the processes. */
        void stop() throws Exception;
    }

    private static void child(String impl, int n) throws Exception {
        Object[] refs = new Object[n];
        Population population = switch (impl) {
            case Comparators.OTP4J_HANDLER -> new Otp4jPopulation(true);
            case Comparators.OTP4J_BODY -> new Otp4jPopulation(false);
            case Comparators.VTHREADS -> new ThreadPopulation();
            case Comparators.PEKKO, Comparators.PEKKO_VT -> new PekkoPopulation(impl);
            case Comparators.LOOP -> new LoopPopulation();
            default -> throw new IllegalArgumentException("B8 has no " + impl + " variant");
        };
        try {
            long before = ChildJvm.settledHeap();
            long start = System.nanoTime();
            population.spawnIdle(refs);
            double spawnMillis = (System.nanoTime() - start) / 1e6;
            long after = ChildJvm.settledHeap();
            population.checkAlive(n);
            Map<String, Object> values = ChildJvm.values();
            values.put("impl", impl);
            values.put("n", n);
            values.put("before", before);
            values.put("after", after);
            values.put("spawnMillis", spawnMillis);
            values.put("carriers", Comparators.carrierParallelism());
            ChildJvm.report(values);
        } finally {
            population.stop();
        }
        System.exit(0); // Pekko's and the JDK's background threads must not keep the child alive
    }

    private static void awaitCount(AtomicInteger count, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (count.get() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("only " + count.get() + " of " + n + " " + what + " started");
            }
            Thread.sleep(5);
        }
    }

    // ---- C1 otp4j ---------------------------------------------------------------------------------

    private static final class Otp4jPopulation implements Population {
        private final Node node = Node.builder().name("idle").build();
        private final boolean handlers;

        Otp4jPopulation(boolean handlers) {
            this.handlers = handlers;
        }

        @Override
        public void spawnIdle(Object[] refs) throws InterruptedException {
            AtomicInteger started = new AtomicInteger();
            ProcessStatus idle;
            if (handlers) {
                MessageHandler handler = new MessageHandler() {
                    @Override
                    public void started(ProcessContext self) {
                        started.incrementAndGet();
                    }

                    @Override
                    public void handle(ProcessContext self, Object message) {}
                };
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = node.spawn(handler);
                }
                idle = ProcessStatus.IDLE;
            } else {
                ProcessBody body = self -> {
                    started.incrementAndGet();
                    self.receive();
                };
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = node.spawn(body);
                }
                idle = ProcessStatus.WAITING;
            }
            awaitCount(started, refs.length, "processes");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            for (Object ref : refs) {
                while (true) {
                    ProcessInfo info = node.info((Pid) ref).orElseThrow(() -> new IllegalStateException(ref + " died"));
                    if (info.status() == idle) {
                        break;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException(ref + " is " + info.status() + ", not " + idle);
                    }
                    Thread.sleep(1);
                }
            }
        }

        @Override
        public void checkAlive(int n) {
            int live = node.processes().size();
            if (live != n) {
                throw new IllegalStateException("expected " + n + " live processes, found " + live);
            }
        }

        @Override
        public void stop() {
            long start = System.nanoTime();
            node.close();
            System.out.printf(Locale.ROOT, "node.close() took %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }

    // ---- C2 plain virtual threads -----------------------------------------------------------------

    private static final class ThreadPopulation implements Population {
        private Object[] threads = new Object[0];

        @Override
        public void spawnIdle(Object[] refs) throws InterruptedException {
            threads = refs;
            AtomicInteger started = new AtomicInteger();
            for (int i = 0; i < refs.length; i++) {
                LinkedTransferQueue<Object> mailbox = new LinkedTransferQueue<>();
                refs[i] = Thread.ofVirtual().start(() -> {
                    started.incrementAndGet();
                    try {
                        mailbox.take();
                    } catch (InterruptedException e) {
                        // told to stop
                    }
                });
            }
            awaitCount(started, refs.length, "threads");
            for (Object t : refs) {
                while (((Thread) t).getState() != Thread.State.WAITING) {
                    if (!((Thread) t).isAlive()) {
                        throw new IllegalStateException(t + " ended");
                    }
                    Thread.sleep(1);
                }
            }
        }

        @Override
        public void checkAlive(int n) {
            for (Object t : threads) {
                if (!((Thread) t).isAlive()) {
                    throw new IllegalStateException(t + " ended");
                }
            }
            if (threads.length != n) {
                throw new IllegalStateException("expected " + n + " threads, found " + threads.length);
            }
        }

        @Override
        public void stop() throws InterruptedException {
            for (Object t : threads) {
                ((Thread) t).interrupt();
            }
            for (Object t : threads) {
                ((Thread) t).join(Duration.ofSeconds(30));
            }
        }
    }

    // ---- C3 Pekko typed ---------------------------------------------------------------------------

    private record SpawnIdle(Object[] refs, Behavior<Object> behavior, ActorRef<Integer> replyTo) {}

    private record CountChildren(ActorRef<Integer> replyTo) {}

    private static final class PekkoPopulation implements Population {
        private final ActorSystem<Object> system;

        PekkoPopulation(String impl) {
            system = Comparators.pekko(
                    impl,
                    Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
                        if (m instanceof SpawnIdle s) {
                            for (int i = 0; i < s.refs().length; i++) {
                                s.refs()[i] = ctx.spawnAnonymous(s.behavior());
                            }
                            s.replyTo().tell(s.refs().length);
                        } else if (m instanceof CountChildren c) {
                            c.replyTo().tell(ctx.getChildren().size());
                        }
                        return Behaviors.same();
                    })),
                    "idle");
        }

        @Override
        public void spawnIdle(Object[] refs) throws Exception {
            AtomicInteger started = new AtomicInteger();
            Behavior<Object> idle = Behaviors.receiveMessage(m -> Behaviors.same());
            Behavior<Object> behavior = Behaviors.setup(ctx -> {
                started.incrementAndGet();
                return idle;
            });
            AskPattern.<Object, Integer>ask(
                            system, r -> new SpawnIdle(refs, behavior, r), Duration.ofMinutes(5), system.scheduler())
                    .toCompletableFuture()
                    .get();
            awaitCount(started, refs.length, "actors");
        }

        @Override
        public void checkAlive(int n) throws Exception {
            int live = AskPattern.<Object, Integer>ask(
                            system, CountChildren::new, Duration.ofMinutes(1), system.scheduler())
                    .toCompletableFuture()
                    .get();
            if (live != n) {
                throw new IllegalStateException("expected " + n + " live actors, found " + live);
            }
        }

        @Override
        public void stop() throws Exception {
            Comparators.terminate(system);
        }
    }

    // ---- C5 event loop ----------------------------------------------------------------------------

    /** The floor: an idle actor on an event loop is an object, addressable through the loop's table. */
    private static final class LoopPopulation implements Population {
        private final EventLoop loop = new EventLoop();
        private Map<Integer, EventLoop.Actor> table = Map.of();
        private Object[] actors = new Object[0];

        @Override
        public void spawnIdle(Object[] refs) {
            actors = refs;
            table = new HashMap<>();
            for (int i = 0; i < refs.length; i++) {
                IdleActor a = new IdleActor();
                table.put(i, a);
                refs[i] = a;
                loop.send(a, "start");
            }
            long delivered = loop.run();
            if (delivered != refs.length) {
                throw new IllegalStateException("delivered " + delivered + " start messages to " + refs.length);
            }
        }

        @Override
        public void checkAlive(int n) {
            if (table.size() != n || actors.length != n) {
                throw new IllegalStateException("expected " + n + " actors, found " + table.size());
            }
            for (int i = 0; i < n; i++) {
                if (table.get(i) != actors[i] || !((IdleActor) actors[i]).started) {
                    throw new IllegalStateException("actor " + i + " is missing from the table or never started");
                }
            }
        }

        @Override
        public void stop() {}
    }

    /** One C5 actor: the identity a process needs and a flag; its code is the class, shared as elsewhere. */
    private static final class IdleActor implements EventLoop.Actor {
        private boolean started;

        @Override
        public void receive(EventLoop loop, Object message) {
            started = true;
        }
    }
}
