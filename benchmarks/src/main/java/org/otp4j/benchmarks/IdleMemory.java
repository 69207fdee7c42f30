package org.otp4j.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * <p>Each comparator is measured in a fresh JVM (a child of this one, same class path), so that one
 * comparator's garbage, threads and JIT state do not bleed into another's figure. The child collects
 * garbage until the heap settles, spawns N processes that then sit idle (an otp4j handler process with
 * no activation, an otp4j body blocked in {@code receive}, a virtual thread parked on its queue, a Pekko
 * actor waiting for a message), waits until every one of them is idle, collects again, and reports
 * (heap used after − heap used before) / N. The array that holds the N references is allocated before
 * the first reading; everything else the processes need (pids, cells, threads and their stacks, queues,
 * actor cells, registry entries) counts. The code object (handler, body, behavior) is shared, so
 * per-process state of a real server would come on top, equally for every comparator.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.otp4j.benchmarks.IdleMemory [--n 100000] [--full]
 *     [--impl otp4j-handler,otp4j-body,vthreads,pekko] [--xmx 4g]
 * </pre>
 *
 * {@code --full} measures 100k and 1M. The child JVMs run with G1, the given maximum heap and the default
 * carrier parallelism.
 */
public final class IdleMemory {
    /** The default population. */
    public static final int DEFAULT_N = 100_000;

    private static final String RESULT_PREFIX = "IDLE-MEMORY ";

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
        List<String> impls = new ArrayList<>(
                List.of(Comparators.OTP4J_HANDLER, Comparators.OTP4J_BODY, Comparators.VTHREADS, Comparators.PEKKO));
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
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                Comparators.QUIET_SLF4J,
                "-cp",
                System.getProperty("java.class.path"),
                IdleMemory.class.getName(),
                "--child",
                impl,
                Integer.toString(n));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, String> fields = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(RESULT_PREFIX)) {
                    fields = new HashMap<>();
                    for (String kv : line.substring(RESULT_PREFIX.length()).split(" ")) {
                        int eq = kv.indexOf('=');
                        fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                } else {
                    output.add(line);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the " + impl + " child JVM did not finish");
        }
        if (p.exitValue() != 0 || fields == null) {
            throw new IllegalStateException(
                    "the " + impl + " child JVM failed (exit " + p.exitValue() + "):\n" + String.join("\n", output));
        }
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
            default -> new PekkoPopulation();
        };
        try {
            long before = settledHeap();
            long start = System.nanoTime();
            population.spawnIdle(refs);
            double spawnMillis = (System.nanoTime() - start) / 1e6;
            long after = settledHeap();
            population.checkAlive(n);
            System.out.printf(
                    Locale.ROOT,
                    "%simpl=%s n=%d before=%d after=%d spawnMillis=%.1f carriers=%d%n",
                    RESULT_PREFIX,
                    impl,
                    n,
                    before,
                    after,
                    spawnMillis,
                    Comparators.carrierParallelism());
            System.out.flush();
        } finally {
            population.stop();
        }
        System.exit(0); // Pekko's and the JDK's background threads must not keep the child alive
    }

    /** Heap used after full collections, once two readings in a row agree within 0.1%. */
    private static long settledHeap() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (last >= 0 && Math.abs(used - last) <= last / 1000) {
                return used;
            }
            last = used;
        }
        return last;
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
        private final ActorSystem<Object> system = ActorSystem.create(
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
                "idle",
                Comparators.pekkoConfig());

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
}
