package org.otp4j.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The measurements that run outside JMH (B7's peak heap, B8's idle memory): each comparator in a fresh
 * JVM, a child of this one on the same class path, so that one comparator's garbage, threads and JIT
 * state do not bleed into another's figure; and the heap readings they take there.
 *
 * <p>A child prints one line, {@value #RESULT_PREFIX} followed by {@code key=value} pairs, which {@link
 * #run} returns; everything else it prints is kept to explain a failure.
 */
final class ChildJvm {
    /** The start of a child's result line. */
    static final String RESULT_PREFIX = "CHILD-RESULT ";

    private ChildJvm() {}

    /**
     * Runs {@code main} in a child JVM with G1 and a fixed heap ({@code -Xms} = {@code -Xmx} = {@code
     * heap}), the default carrier parallelism, and waits at most 10 minutes for it.
     *
     * @param main the child's main class
     * @param heap the heap size, e.g. {@code 2g}
     * @param what what the child measures, for error messages
     * @param args the child's arguments
     * @return the pairs of the child's result line
     * @throws IllegalStateException if the child fails, hangs, or prints no result line
     */
    static Map<String, String> run(Class<?> main, String heap, String what, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                Comparators.QUIET_SLF4J,
                Comparators.OPEN_JAVA_LANG,
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
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
            throw new IllegalStateException("the " + what + " child JVM did not finish");
        }
        if (p.exitValue() != 0 || fields == null) {
            throw new IllegalStateException(
                    "the " + what + " child JVM failed (exit " + p.exitValue() + "):\n" + String.join("\n", output));
        }
        return fields;
    }

    /** In the child: prints the result line, {@code values} in their order, and flushes. */
    static void report(Map<String, ?> values) {
        System.out.println(RESULT_PREFIX
                + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + format(e.getValue()))
                        .collect(Collectors.joining(" ")));
        System.out.flush();
    }

    private static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(v);
    }

    /** An insertion-ordered map for {@link #report}. */
    static Map<String, Object> values() {
        return new LinkedHashMap<>();
    }

    /** Heap used after full collections, once two readings in a row agree within 0.1%. */
    static long settledHeap() throws InterruptedException {
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

    /**
     * Full collections and the live heap they leave: {@link #run} runs one ({@code System.gc()}, a
     * stop-the-world full GC under G1), and {@link #liveAfterLast} reads the heap in use at its end as the
     * collector itself reported it, that is the live heap at the moment of the pause, not counting what
     * the program allocated after it. Create one before it is needed, so that {@link #run} and the check
     * a caller makes right after it do not wait for class loading.
     */
    static final class FullGc {
        private final com.sun.management.GarbageCollectorMXBean bean = fullCollector();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());

        /**
         * Runs a full collection.
         *
         * @throws IllegalStateException if the JVM reports no full collection for it
         */
        void run() {
            long before = bean.getCollectionCount();
            System.gc();
            if (bean.getCollectionCount() == before) {
                throw new IllegalStateException("System.gc() ran no full collection"
                        + " (is -XX:+ExplicitGCInvokesConcurrent or -XX:+DisableExplicitGC set?)");
            }
        }

        /** The bytes of heap in use at the end of the last full collection. */
        long liveAfterLast() {
            com.sun.management.GcInfo info = bean.getLastGcInfo();
            if (info == null) {
                throw new IllegalStateException("no full collection yet");
            }
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            return used;
        }

        /** G1's collector bean that reports full collections ("G1 Old Generation"). */
        private static com.sun.management.GarbageCollectorMXBean fullCollector() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc.getName().equals("G1 Old Generation")
                        && gc instanceof com.sun.management.GarbageCollectorMXBean b) {
                    return b;
                }
            }
            throw new IllegalStateException("no G1 full-collection bean: run the child with -XX:+UseG1GC");
        }
    }
}
