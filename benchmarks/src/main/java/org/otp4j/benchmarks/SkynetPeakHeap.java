package org.otp4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * B7 Skynet's second figure, the peak heap: the most live heap one tree of {@code size} leaves holds at
 * once, for each comparator. The timing ({@link Skynet}, under JMH) is not disturbed by it.
 *
 * <p>Each comparator runs in a child JVM ({@link ChildJvm}: G1, a fixed heap, the default carrier
 * parallelism). The child starts the comparator's runtime ({@link Skynet#tree}), builds trees for a
 * second (at least {@value #WARMUPS}) to warm up and to learn how long one takes (T, the fastest of the
 * last {@value #WARMUPS}), and takes the
 * baseline: the live heap of the idle runtime after full collections. Then it builds {@code samples}
 * more trees; during tree k a platform thread waits (k + ½) / {@code samples} × T and runs a full
 * collection ({@code System.gc()}, stop-the-world under G1), and reads the heap in use at the end of
 * that collection from the collector's own report: the live heap at that instant, garbage excluded and
 * nothing allocated after the pause counted. A sample counts if the tree was still running after the
 * collection. The figure is the largest sample minus the baseline.
 *
 * <p>So it is a sampled peak of the live data (processes, mailboxes, stacks of parked virtual threads,
 * queued messages), a lower bound on the true peak that closes on it as {@code samples} grows; it is not
 * the heap the JVM happened to occupy (which depends on when the collector ran, not on the workload),
 * nor the bytes allocated per tree (JMH's {@code gc.alloc.rate.norm} in B7's table). How much of the
 * tree is alive at once depends on the order each runtime runs it in (a FIFO run queue builds the tree
 * breadth-first, all leaves alive before the first answers), which is part of what is compared. Every
 * tree's sum is checked.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.otp4j.benchmarks.SkynetPeakHeap [--size 100000]
 *     [--impl otp4j-body,otp4j-handler,vthreads,pekko,pekko-vt,loop] [--samples 10] [--xmx 4g]
 * </pre>
 */
public final class SkynetPeakHeap {
    /**
     * Trees built before measuring, at least (more if they take less than a second in all): JIT warm-up,
     * and the tree time T that spaces the samples, the fastest of the last {@value} of them.
     */
    public static final int WARMUPS = 3;

    private static final long WARMUP_NANOS = 1_000_000_000L;

    /** Sampled trees per comparator by default. */
    public static final int DEFAULT_SAMPLES = 10;

    /** The comparators measured by default, in the order of the report. */
    public static final List<String> COMPARATORS = List.of(
            Comparators.OTP4J_BODY,
            Comparators.OTP4J_HANDLER,
            Comparators.VTHREADS,
            Comparators.PEKKO,
            Comparators.PEKKO_VT,
            Comparators.LOOP);

    private SkynetPeakHeap() {}

    /**
     * One comparator's figure.
     *
     * @param impl the comparator
     * @param size the tree's leaves
     * @param baselineBytes the live heap of the idle runtime
     * @param peakBytes the largest live heap sampled during a tree, minus the baseline; -1 if no sample
     *     fell within a tree (trees shorter than the collector's reaction time)
     * @param samples how many samples fell within a tree
     * @param attempts how many trees were sampled
     * @param treeMillis the fastest warm-up tree, in milliseconds
     */
    public record Result(
            String impl, long size, long baselineBytes, long peakBytes, int samples, int attempts, double treeMillis) {
        /** The peak in megabytes (10<sup>6</sup> bytes), or NaN if there is no sample. */
        public double peakMegabytes() {
            return peakBytes < 0 ? Double.NaN : peakBytes / 1e6;
        }
    }

    /** Runs the measurements named on the command line and prints a table. */
    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--child")) {
            child(Comparators.check(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            return;
        }
        long size = 100_000;
        List<String> impls = new ArrayList<>(COMPARATORS);
        int samples = DEFAULT_SAMPLES;
        String xmx = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Long.parseLong(args[++i].replace("_", ""));
                case "--impl" -> impls = List.of(args[++i].split(","));
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--xmx" -> xmx = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: SkynetPeakHeap [--size N] [--impl a,b] [--samples K] [--xmx 4g]");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-16s %10s %14s %14s %10s %10s%n",
                "comparator",
                "leaves",
                "peak MB",
                "baseline MB",
                "samples",
                "tree ms");
        for (String impl : impls) {
            Result r = measure(impl, size, samples, xmx);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %10d %14.1f %14.1f %5d of %2d %10.1f%n",
                    r.impl(),
                    r.size(),
                    r.peakMegabytes(),
                    r.baselineBytes() / 1e6,
                    r.samples(),
                    r.attempts(),
                    r.treeMillis());
        }
    }

    /**
     * Measures one comparator in a child JVM.
     *
     * @param impl the comparator
     * @param size the tree's leaves, a power of 10
     * @param samples how many trees to sample
     * @param xmx the child's heap, or null for a size that fits {@code size}
     * @return the figure
     */
    public static Result measure(String impl, long size, int samples, String xmx) throws Exception {
        Comparators.check(impl);
        Skynet.checkSize(size);
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be positive: " + samples);
        }
        String heap = xmx != null ? xmx : size >= 1_000_000 ? "8g" : "2g";
        Map<String, String> fields = ChildJvm.run(
                SkynetPeakHeap.class,
                heap,
                "B7 peak heap " + impl,
                List.of("--child", impl, Long.toString(size), Integer.toString(samples)));
        return new Result(
                impl,
                size,
                Long.parseLong(fields.get("baseline")),
                Long.parseLong(fields.get("peak")),
                Integer.parseInt(fields.get("samples")),
                Integer.parseInt(fields.get("attempts")),
                Double.parseDouble(fields.get("treeMillis")));
    }

    // ---- the child JVM ----------------------------------------------------------------------------

    private static void child(String impl, long size, int samples) throws Exception {
        Skynet.Tree tree = Skynet.tree(impl);
        try {
            // warm up for WARMUPS trees and at least WARMUP_NANOS; T is the fastest of the last WARMUPS
            long[] recent = new long[WARMUPS];
            long warmupStart = System.nanoTime();
            for (int i = 0; i < WARMUPS || System.nanoTime() - warmupStart < WARMUP_NANOS; i++) {
                long start = System.nanoTime();
                Skynet.check(tree.sum(size), size);
                recent[i % WARMUPS] = System.nanoTime() - start;
            }
            long fastest = Arrays.stream(recent).min().orElseThrow();
            ChildJvm.settledHeap();
            ChildJvm.FullGc gc = new ChildJvm.FullGc();
            gc.run();
            long baseline = gc.liveAfterLast();
            long highest = -1;
            int inTree = 0;
            for (int k = 0; k < samples; k++) {
                long live = sampledTree(tree, size, (long) ((k + 0.5) / samples * fastest), gc);
                if (live >= 0) {
                    inTree++;
                    highest = Math.max(highest, live);
                }
            }
            Map<String, Object> values = ChildJvm.values();
            values.put("impl", impl);
            values.put("size", size);
            values.put("baseline", baseline);
            values.put("peak", highest < 0 ? -1 : Math.max(0, highest - baseline));
            values.put("samples", inTree);
            values.put("attempts", samples);
            values.put("treeMillis", fastest / 1e6);
            ChildJvm.report(values);
        } finally {
            tree.stop();
        }
        System.exit(0); // Pekko's and the JDK's background threads must not keep the child alive
    }

    /**
     * Builds one tree while a platform thread takes a live-heap sample {@code offsetNanos} after its
     * start; returns the sample, or -1 if the tree had ended by the end of the collection.
     */
    private static long sampledTree(Skynet.Tree tree, long size, long offsetNanos, ChildJvm.FullGc gc)
            throws Exception {
        AtomicLong sample = new AtomicLong(-1);
        AtomicLong start = new AtomicLong();
        // 0: not started, 1: running, 2: ended; volatile through the AtomicLong
        AtomicLong phase = new AtomicLong();
        Thread sampler = Thread.ofPlatform().name("peak-heap-sampler").start(() -> {
            while (phase.get() == 0) {
                Thread.onSpinWait();
            }
            long deadline = start.get() + offsetNanos;
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            if (phase.get() == 1) {
                gc.run();
                if (phase.get() == 1) { // still running after the pause: it was running during it
                    sample.set(gc.liveAfterLast());
                }
            }
        });
        start.set(System.nanoTime());
        phase.set(1);
        try {
            Skynet.check(tree.sum(size), size);
        } finally {
            phase.set(2);
            sampler.join();
        }
        return sample.get();
    }
}
