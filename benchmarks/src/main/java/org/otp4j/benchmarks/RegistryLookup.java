package org.otp4j.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.otp4j.registry.Registry;

/**
 * B12 Registry: lookups of a unique key against a plain {@link ConcurrentHashMap} get with the same keys
 * and values, quiet or under churn, and the cost of a registration.
 *
 * <ul>
 *   <li>{@code whereis} / {@code chmGet}: one lookup of a present key, keys visited in a fixed shuffled
 *       order so that the caches see a table of {@link #names} entries, not one hot line. Every result
 *       is checked: a lookup that misses throws.
 *   <li>{@code churn=true}: meanwhile another process (for the map: another virtual thread) registers
 *       and unregisters a separate set of keys in the same table without pause.
 *   <li>{@code Registrations.registerUnregister}: a process registers {@link #BATCH} fresh keys and
 *       unregisters them again in a quiet registry; the figure is per register + unregister pair, and the
 *       registry must be back to its starting size.
 * </ul>
 *
 * The {@link #names} keys are held by 1,000 owner processes. {@code -p names=1000000} is the full size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {Comparators.QUIET_SLF4J})
@State(Scope.Benchmark)
public class RegistryLookup {
    /** Registrations per invocation of {@link #registerUnregister}. */
    public static final int BATCH = 10_000;

    private static final int OWNERS = 1_000;

    /** How many names the registry (and the map) hold. */
    @Param({"100000"})
    public int names;

    /** Whether another process registers and unregisters keys meanwhile. */
    @Param({"false", "true"})
    public boolean churn;

    private Node node;
    private Registry registry;
    private ConcurrentHashMap<Object, Pid> map;
    private String[] keys;
    private String[] fresh;
    private int[] order;
    private int mask;
    private int next;
    private final AtomicBoolean churning = new AtomicBoolean();
    private Thread mapChurner;
    private CountDownLatch registryChurnStopped;

    /** Registers the names, in the registry and in the map. */
    @Setup(Level.Trial)
    public void setUp() {
        node = Node.builder().name("b12").build();
        registry = Registry.builder(Registry.Keys.UNIQUE).name("b12").build(node);
        map = new ConcurrentHashMap<>();
        keys = new String[names];
        for (int i = 0; i < names; i++) {
            keys[i] = "name-" + i;
        }
        fresh = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            fresh[i] = "fresh-" + i;
        }
        int perOwner = (names + OWNERS - 1) / OWNERS;
        for (int o = 0; o < OWNERS; o++) {
            int from = o * perOwner;
            int to = Math.min(names, from + perOwner);
            CountDownLatch registered = new CountDownLatch(1);
            node.spawn(self -> {
                for (int i = from; i < to; i++) {
                    registry.register(self, keys[i], null);
                    map.put(keys[i], self.self());
                }
                registered.countDown();
                self.receive(); // hold the names until the node closes
            });
            await(registered);
        }
        if (registry.count() != names || map.size() != names) {
            throw new IllegalStateException("expected " + names + " names, the registry has " + registry.count()
                    + " and the map " + map.size());
        }
        int size = Integer.highestOneBit(names);
        order = new int[size];
        long s = 42;
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) { // a fixed shuffle (SplitMix64 steps)
            s += 0x9E3779B97F4A7C15L;
            long z = (s ^ (s >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            int j = (int) Long.remainderUnsigned(z ^ (z >>> 31), i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        mask = size - 1;
        if (churn) {
            startChurn();
        }
    }

    private void startChurn() {
        churning.set(true);
        registryChurnStopped = new CountDownLatch(1);
        node.spawn(self -> {
            int i = 0;
            while (churning.get()) {
                String key = "churn-" + (i++ & 1023);
                registry.register(self, key, null);
                registry.unregister(self, key);
                if ((i & 63) == 0) {
                    Thread.yield(); // a virtual thread that never blocks would hold its carrier for good
                }
            }
            registryChurnStopped.countDown();
        });
        Pid somePid = map.get(keys[0]);
        mapChurner = Thread.ofPlatform()
                .daemon()
                .start(
                        () -> { // a platform thread: it must not take a carrier
                            int i = 0;
                            while (churning.get()) {
                                String key = "churn-" + (i++ & 1023);
                                map.put(key, somePid);
                                map.remove(key);
                            }
                        });
    }

    /** Stops the churn and the node. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (churning.getAndSet(false)) {
            await(registryChurnStopped);
            mapChurner.join();
        }
        node.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String nextKey() {
        return keys[order[next++ & mask]];
    }

    /**
     * One registry lookup of a present name.
     *
     * @return the owner
     */
    @Benchmark
    public Pid whereis() {
        String key = nextKey();
        return registry.whereis(key).orElseThrow(() -> new IllegalStateException("lost " + key));
    }

    /**
     * One {@link ConcurrentHashMap#get} of a present name: the floor.
     *
     * @return the owner
     */
    @Benchmark
    public Pid chmGet() {
        String key = nextKey();
        Pid p = map.get(key);
        if (p == null) {
            throw new IllegalStateException("lost " + key);
        }
        return p;
    }

    /** {@link #BATCH} registrations and unregistrations by one process; returns the size afterwards. */
    long registerBatch() {
        long before = names;
        node.run(self -> {
            for (int i = 0; i < BATCH; i++) {
                registry.register(self, fresh[i], null);
            }
            for (int i = 0; i < BATCH; i++) {
                if (!registry.unregister(self, fresh[i])) {
                    throw new IllegalStateException("lost " + fresh[i]);
                }
            }
            return null;
        });
        long after = registry.count();
        if (after != before) {
            throw new IllegalStateException("expected " + before + " names after the batch, found " + after);
        }
        return after;
    }

    /**
     * The cost of a registration: {@link #BATCH} fresh keys registered and unregistered again by one
     * process, in a quiet registry that holds {@link #names} names (churn would only measure the contest
     * for the two cores). The figure is per register + unregister pair.
     */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(
            value = 2,
            jvmArgsAppend = {Comparators.QUIET_SLF4J})
    @State(Scope.Benchmark)
    public static class Registrations {
        /** How many names the registry holds. */
        @Param({"100000"})
        public int names;

        private final RegistryLookup table = new RegistryLookup();

        /** Fills the registry. */
        @Setup(Level.Trial)
        public void setUp() {
            table.names = names;
            table.churn = false;
            table.setUp();
        }

        /** Stops the node. */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            table.tearDown();
        }

        /**
         * {@link #BATCH} registrations and unregistrations by one process.
         *
         * @return the registry's size afterwards
         */
        @Benchmark
        @OperationsPerInvocation(BATCH)
        public long registerUnregister() {
            return table.registerBatch();
        }
    }
}
