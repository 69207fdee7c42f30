package org.otp4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark workload for every comparator and writes a markdown results table: a summary
 * (one line per workload and carrier count: each comparator's figure, otp4j's ratios against C2, C3 and
 * C5, otp4j's allocation per operation), a detailed table per workload, B7's peak heap ({@link
 * SkynetPeakHeap}), B8's idle memory ({@link IdleMemory}), and the machine, JDK and carrier parallelism it
 * ran with. B7's peak heap and B8 run after JMH, each comparator in a child JVM of its own.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.otp4j.benchmarks.QuickProfile
 *     [--profile smoke|quick|full] [--out results.md] [--json jmh-result.json]
 * </pre>
 *
 * <ul>
 *   <li>{@code smoke}: one fork, no warm-up, one 100 ms iteration, tiny sizes; proves that every
 *       benchmark of every comparator runs and checks itself (a failure ends the run with an error), in
 *       about 3 minutes. Its figures mean nothing.
 *   <li>{@code quick} (default): one fork, 2 x 1 s warm-up, 3 x 1 s measurement, reduced sizes (B5 50,000
 *       meetings, B7 100,000 leaves, B8 100,000 idle processes, B10 10,000 machines); about 13 minutes on 2
 *       cores.
 *   <li>{@code full}: 3 forks, 5 x 2 s warm-up, 10 x 2 s measurement, the BENCHMARKS.md sizes (B5 200,000
 *       meetings, B7 1,000,000 leaves = 1,111,111 processes, B8 100,000 and 1,000,000, B10 100,000
 *       machines); for bigger machines.
 * </ul>
 *
 * The workloads are the entries of {@link #WORKLOADS}: adding a benchmark to the profile and to the
 * report is one entry there. Latency workloads run with carrier parallelism 1 and 2 (their {@code
 * Carriers1} and {@code Carriers2} classes); JMH's own results go to the JSON file as well.
 */
public final class QuickProfile {
    private QuickProfile() {}

    /**
     * One workload of the report.
     *
     * @param id the BENCHMARKS.md identifier, e.g. {@code B1}
     * @param title the table's title
     * @param benchmark the JMH class (its nested {@code Carriers1}/{@code Carriers2} classes included)
     * @param method the {@code @Benchmark} method
     * @param metric what the score measures
     * @param secondary a secondary result (a JMH auxiliary counter) to report instead of the primary
     *     score, or null
     * @param higherIsBetter whether a bigger score is better (throughput) rather than worse (time)
     * @param target the target, as text
     * @param absolute a check of an otp4j score against an absolute target, or null
     * @param maxVsC2 the largest otp4j ÷ C2 time ratio within target, or NaN for none
     * @param maxVsC3 the largest otp4j ÷ C3 time ratio within target, or NaN for none
     * @param baselines for a benchmark without an {@code impl} parameter: the methods or nested
     *     classes that are a reference rather than otp4j (B16's {@code NoSeam}, B12's {@code chmGet})
     */
    record Workload(
            String id,
            String title,
            Class<?> benchmark,
            String method,
            String metric,
            String secondary,
            boolean higherIsBetter,
            String target,
            DoublePredicate absolute,
            double maxVsC2,
            double maxVsC3,
            Set<String> baselines) {
        /**
         * The JMH include pattern of this workload; {@code method} may name several methods as a
         * regular expression ({@code "whereis|chmGet"}).
         */
        String include() {
            return "^" + Pattern.quote(benchmark.getName() + ".") + "(.*\\.)?(" + method + ")$";
        }

        boolean matches(String benchmarkName) {
            return benchmarkName.matches(include());
        }
    }

    private static Workload time(
            String id, String title, Class<?> benchmark, String method, String metric, String target) {
        return time(id, title, benchmark, method, metric, target, Set.of());
    }

    private static Workload time(
            String id,
            String title,
            Class<?> benchmark,
            String method,
            String metric,
            String target,
            Set<String> baselines) {
        return new Workload(
                id, title, benchmark, method, metric, null, false, target, null, Double.NaN, Double.NaN, baselines);
    }

    /**
     * Every workload the profile runs, in the order of the report. B8 (idle memory) runs outside JMH,
     * after these. Adding a benchmark is one entry here (see B12's): a benchmark without an {@code impl}
     * parameter gets one row per method and parameter value (B12: {@code churn}), and the baselines named
     * are not counted as otp4j.
     */
    static final List<Workload> WORKLOADS = List.of(
            new Workload(
                    "B1",
                    "PingPong (Savina 1)",
                    PingPong.class,
                    "roundTrips",
                    "ns per round trip",
                    null,
                    false,
                    "Target: otp4j ≤ C3 and ≤ 1.5x C2.",
                    null,
                    1.5,
                    1.0,
                    Set.of()),
            time(
                    "B2",
                    "Counting (Savina 2), " + Counting.MESSAGES + " messages per invocation",
                    Counting.class,
                    "count",
                    "ns per message (msgs/s = 10⁹ ÷ this)",
                    "Target: otp4j ≥ C3 in msgs/s (ratio ≤ 1); ≤ 48 B allocated per message."),
            new Workload(
                    "B3",
                    "Fork-join create (Savina 4)",
                    ForkJoinCreate.class,
                    "spawnSendExit",
                    "µs per spawn + message + exit",
                    null,
                    false,
                    "Target: otp4j ≤ 2 µs and ≤ C3.",
                    score -> score <= 2.0,
                    Double.NaN,
                    1.0,
                    Set.of()),
            new Workload(
                    "B4",
                    "ThreadRing (Savina 5), " + ThreadRing.RING + " processes, " + ThreadRing.HOPS
                            + " hops per invocation",
                    ThreadRing.class,
                    "hops",
                    "ns per hop",
                    null,
                    false,
                    "Target: otp4j ≤ 1.2x C2 and ≤ C3.",
                    null,
                    1.2,
                    1.0,
                    Set.of()),
            time(
                    "B5",
                    "Chameneos (Savina 6)",
                    Chameneos.class,
                    "game",
                    "ms per game",
                    "Target: otp4j ≤ C3 (sizes: the `creatures` and `meetings` parameters in the JMH results)."),
            time(
                    "B6",
                    "Big (Savina 7), " + Big.ACTORS + " processes x " + Big.PINGS + " pings per invocation",
                    Big.class,
                    "round",
                    "ns per message (msgs/s = 10⁹ ÷ this)",
                    "Target: otp4j ≥ C3 in msgs/s (ratio ≤ 1)."),
            time(
                    "B7",
                    "Skynet",
                    Skynet.class,
                    "tree",
                    "ms per tree",
                    "Target: otp4j ≤ 2x C2 (OpenJDK's virtual-thread Skynet) and ≤ C3 (size: the `size` parameter,"
                            + " leaves; processes = 1.111 x size)."),
            time(
                    "B9",
                    "GenServer call, one client (sequential calls)",
                    GenServerCall.class,
                    "sequential",
                    "ns per call",
                    "Target: call round trip ≤ 1.5x B1's round trip (compare with B1), ahead of Pekko's ask."),
            time(
                    "B9",
                    "GenServer call, " + GenServerCall.CLIENTS + " clients x " + GenServerCall.CALLS_PER_CLIENT
                            + " calls to one server",
                    GenServerCall.class,
                    "concurrent",
                    "ns per call (calls/s = 10⁹ ÷ this)",
                    "Compare with Pekko's ask from " + GenServerCall.CLIENTS + " actors."),
            new Workload(
                    "B10",
                    "State machines with timeouts (" + StateMachineTimeouts.EVENTS + " events per machine)",
                    StateMachineTimeouts.class,
                    "round",
                    "events/s",
                    "events",
                    true,
                    "Target: ≥ 1M events/s, ahead of Pekko timers (size: the `machines` parameter).",
                    score -> score >= 1e6,
                    Double.NaN,
                    1.0,
                    Set.of()),
            time(
                    "B11",
                    "Supervisor restarts under a crash storm (one_for_one, via-named workers)",
                    SupervisorRestarts.class,
                    "restarts",
                    "ns per restart (restarts/s = 10⁹ ÷ this)",
                    "Target: ≥ 100k restarts/s (≤ 10 µs per restart), registry consistent (checked after every"
                            + " invocation). A restart is a new process (otp4j) or a new virtual thread (C2), its"
                            + " name registered again; Pekko (C3, C4) restarts the same actor in place, with no"
                            + " name to update."),
            time(
                    "B12",
                    "Registry lookups of a unique key, quiet and under churn, and registrations",
                    RegistryLookup.class,
                    "whereis|chmGet|registerUnregister",
                    "ns per lookup; registerUnregister: ns per register + unregister pair",
                    "Target: whereis ≤ 1.2x a ConcurrentHashMap get (chmGet); registration ≤ 2 µs (size: the"
                            + " `names` parameter).",
                    Set.of("chmGet")),
            time(
                    "B15",
                    "Testkit throughput (3 processes, ~50 steps per schedule, one carrier)",
                    TestkitThroughput.class,
                    "schedules",
                    "µs per schedule (schedules/s = 10⁶ ÷ this)",
                    "Target: ≥ 5,000 schedules/s, that is ≤ 200 µs per schedule."),
            time(
                    "B16",
                    "Determinism seam overhead (B2's shape, otp4j only)",
                    SeamOverhead.class,
                    "count",
                    "ns per message",
                    "Target: WithSeam ≤ 1.02x NoSeam.",
                    Set.of("NoSeam")));

    /**
     * A profile: JMH's run settings, the size parameters it sets, and B8's process counts.
     *
     * @param name the profile's name
     * @param forks JMH forks per benchmark
     * @param warmups warm-up iterations
     * @param warmup warm-up iteration time
     * @param iterations measurement iterations
     * @param measure measurement iteration time
     * @param params JMH parameters that set workload sizes
     * @param idle B8's numbers of idle processes
     * @param peakSamples B7's peak heap: sampled trees per comparator (see {@link SkynetPeakHeap})
     */
    record Profile(
            String name,
            int forks,
            int warmups,
            TimeValue warmup,
            int iterations,
            TimeValue measure,
            Map<String, String> params,
            List<Integer> idle,
            int peakSamples) {}

    static Profile profile(String name) {
        return switch (name) {
            case "smoke" ->
                new Profile(
                        name,
                        1,
                        0,
                        TimeValue.milliseconds(100),
                        1,
                        TimeValue.milliseconds(100),
                        Map.of("machines", "1000", "meetings", "2000", "size", "10000", "names", "10000"),
                        List.of(10_000),
                        4);
            case "quick" ->
                new Profile(
                        name,
                        1,
                        2,
                        TimeValue.seconds(1),
                        3,
                        TimeValue.seconds(1),
                        Map.of("machines", "10000", "meetings", "50000", "size", "100000", "names", "100000"),
                        List.of(IdleMemory.DEFAULT_N),
                        SkynetPeakHeap.DEFAULT_SAMPLES);
            case "full" ->
                new Profile(
                        name,
                        3,
                        5,
                        TimeValue.seconds(2),
                        10,
                        TimeValue.seconds(2),
                        Map.of("machines", "100000", "meetings", "200000", "size", "1000000", "names", "1000000"),
                        List.of(IdleMemory.DEFAULT_N, 1_000_000),
                        SkynetPeakHeap.DEFAULT_SAMPLES);
            default -> throw new IllegalArgumentException("unknown profile '" + name + "': smoke, quick or full");
        };
    }

    /** Runs the profile named on the command line and writes the table. */
    public static void main(String[] args) throws Exception {
        String profileName = "quick";
        Path out = Path.of("benchmarks", "target", "results.md");
        Path json = Path.of("benchmarks", "target", "jmh-result.json");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profileName = args[++i];
                case "--smoke" -> profileName = "smoke";
                case "--out" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: QuickProfile [--profile smoke|quick|full] [--out results.md] [--json file]"
                            + " [--only B1,B2,...]");
            }
        }
        Profile profile = profile(profileName);
        List<Workload> workloads = selected(only);
        long start = System.nanoTime();
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }

        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(profile.forks())
                .warmupIterations(profile.warmups())
                .warmupTime(profile.warmup())
                .measurementIterations(profile.iterations())
                .measurementTime(profile.measure())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        for (Workload w : workloads) {
            options.include(w.include());
        }
        profile.params().forEach(options::param);
        Collection<RunResult> jmh = workloads.isEmpty() ? List.of() : new Runner(options.build()).run();
        int expected = 0;
        for (RunResult r : jmh) {
            if (r.getPrimaryResult() == null
                    || Double.isNaN(r.getPrimaryResult().getScore())) {
                throw new IllegalStateException(
                        "benchmark " + r.getParams().getBenchmark() + " " + r.getParams() + " gave no score");
            }
            expected++;
        }

        List<SkynetPeakHeap.Result> peaks = new ArrayList<>();
        if (workloads.stream().anyMatch(w -> w.id().equals("B7"))) {
            long size = Long.parseLong(profile.params().get("size"));
            for (String impl : SkynetPeakHeap.COMPARATORS) {
                System.out.printf(Locale.ROOT, "# B7 peak heap: %s, %d leaves%n", impl, size);
                SkynetPeakHeap.Result r = SkynetPeakHeap.measure(impl, size, profile.peakSamples(), null);
                System.out.printf(
                        Locale.ROOT,
                        "  %.1f MB peak live heap (%d of %d samples within a tree)%n",
                        r.peakMegabytes(),
                        r.samples(),
                        r.attempts());
                peaks.add(r);
            }
        }

        List<IdleMemory.Result> idle = new ArrayList<>();
        if (only == null || Arrays.asList(only.split(",")).contains("B8")) {
            for (int n : profile.idle()) {
                for (String impl : IdleMemory.COMPARATORS) {
                    System.out.printf(Locale.ROOT, "# B8 idle memory: %s, N = %d%n", impl, n);
                    IdleMemory.Result r = IdleMemory.measure(impl, n, null);
                    System.out.printf(Locale.ROOT, "  %.1f bytes per idle process%n", r.bytesPerProcess());
                    idle.add(r);
                }
            }
        }

        double minutes = (System.nanoTime() - start) / 6e10;
        String md = report(profile, workloads, jmh, peaks, idle, json, minutes);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.printf(
                Locale.ROOT,
                "%d JMH benchmarks, %d peak-heap runs and %d idle-memory runs passed their checks in %.1f"
                        + " minutes.%n",
                expected,
                peaks.size(),
                idle.size(),
                minutes);
        System.out.println("Wrote " + out.toAbsolutePath());
    }

    private static List<Workload> selected(String only) {
        if (only == null) {
            return WORKLOADS;
        }
        List<String> ids = Arrays.asList(only.split(","));
        for (String id : ids) {
            if (!id.equals("B8") && WORKLOADS.stream().noneMatch(w -> w.id().equals(id))) {
                throw new IllegalArgumentException("--only: no workload " + id + "; known: B8 and "
                        + WORKLOADS.stream().map(Workload::id).distinct().toList());
            }
        }
        return WORKLOADS.stream().filter(w -> ids.contains(w.id())).toList();
    }

    // ---- the report -------------------------------------------------------------------------------

    /** One cell: a score with its error and the allocation per operation, if measured. */
    private record Cell(double score, double error, double allocBytes) {
        String text() {
            String s = fmt(score) + (Double.isNaN(error) ? "" : " ± " + fmt(error));
            return Double.isNaN(allocBytes) ? s : s + " (" + fmt(allocBytes) + " B/op)";
        }
    }

    /** The cells of one workload: row (comparator) -> carriers (1, 2, or 0 for the default) -> cell. */
    private static Map<String, Map<Integer, Cell>> cells(
            Workload w, Collection<RunResult> results, Set<String> sizeParams) {
        Map<String, Map<Integer, Cell>> cells = new TreeMap<>(QuickProfile::rowOrder);
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!w.matches(name)) {
                continue;
            }
            int carriers = name.contains(".Carriers1.") ? 1 : name.contains(".Carriers2.") ? 2 : 0;
            Result<?> score = w.secondary() == null
                    ? r.getPrimaryResult()
                    : r.getSecondaryResults().get(w.secondary());
            if (score == null) {
                continue;
            }
            double alloc = Double.NaN;
            for (String key : r.getSecondaryResults().keySet()) {
                if (w.secondary() == null && key.endsWith("gc.alloc.rate.norm")) {
                    alloc = r.getSecondaryResults().get(key).getScore();
                }
            }
            String row = r.getParams().getParam("impl");
            if (row == null) {
                // no comparators (B15, B16): name the row by its nested class, method (if the workload
                // has several) and parameters other than the profile's sizes; baselines are not C1
                String method = name.substring(name.lastIndexOf('.') + 1);
                String cls = name.substring(0, name.lastIndexOf('.'));
                String variant = cls.equals(w.benchmark().getName()) ? "" : cls.substring(cls.lastIndexOf('.') + 1);
                StringBuilder label = new StringBuilder(
                        w.baselines().contains(variant) || w.baselines().contains(method) ? "baseline" : "otp4j");
                if (!variant.isEmpty()) {
                    label.append(' ').append(variant);
                }
                if (w.method().contains("|")) {
                    label.append(' ').append(method);
                }
                for (String key : r.getParams().getParamsKeys()) {
                    if (!sizeParams.contains(key)) {
                        label.append(' ')
                                .append(key)
                                .append('=')
                                .append(r.getParams().getParam(key));
                    }
                }
                row = label.toString();
            }
            cells.computeIfAbsent(row, k -> new TreeMap<>())
                    .put(carriers, new Cell(score.getScore(), score.getScoreError(), alloc));
        }
        return cells;
    }

    /** Comparators in the order of {@link Comparators#ALL}, then the others by name. */
    private static int rowOrder(String a, String b) {
        int ia = Comparators.ALL.indexOf(a);
        int ib = Comparators.ALL.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static String columnName(int carriers) {
        return carriers == 0
                ? "default carriers (" + Runtime.getRuntime().availableProcessors() + ")"
                : carriers == 1 ? "1 carrier" : carriers + " carriers";
    }

    /** otp4j's time ratio against a peer: lower is better whatever the metric. */
    private static double timeRatio(Workload w, Cell otp, Cell peer) {
        return w.higherIsBetter() ? peer.score() / otp.score() : otp.score() / peer.score();
    }

    private static String report(
            Profile profile,
            List<Workload> workloads,
            Collection<RunResult> jmh,
            List<SkynetPeakHeap.Result> peaks,
            List<IdleMemory.Result> idle,
            Path json,
            double minutes)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# otp4j benchmarks: ").append(profile.name()).append(" profile\n\n");
        md.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(String.format(Locale.ROOT, "; the run took %.1f minutes.%n%n", minutes));
        if (profile.name().equals("smoke")) {
            md.append("**Smoke run: one short iteration to prove that every benchmark runs and checks itself."
                    + " These figures are not measurements.**\n\n");
        }
        machine(md, workloads);
        md.append(String.format(
                Locale.ROOT,
                "JMH %d fork(s), %d x %s warm-up, %d x %s measurement; size parameters %s; score ± 99.9%% error"
                        + " where JMH gives one; B/op is JMH's gc.alloc.rate.norm (bytes allocated per"
                        + " operation). Raw results: `%s`.%n%n",
                profile.forks(),
                profile.warmups(),
                profile.warmup(),
                profile.iterations(),
                profile.measure(),
                new TreeMap<>(profile.params()),
                json));
        md.append("Comparators: C1 otp4j (`otp4j-body`: direct-style processes; `otp4j-handler`: handler"
                + " processes; B9 `otp4j`: a GenServer), C2 plain virtual threads + LinkedTransferQueue"
                + " (`vthreads`), C3 Pekko typed on its default dispatcher (`pekko`), C4 Pekko typed on its"
                + " virtual-thread executor (`pekko-vt`), C5 a single-threaded event loop (`loop`).\n\n");
        summary(md, workloads, jmh, profile.params().keySet(), peaks);
        for (Workload w : workloads) {
            workload(md, w, cells(w, jmh, profile.params().keySet()));
            if (w.id().equals("B7") && !peaks.isEmpty()) {
                peakHeap(md, peaks, profile.peakSamples());
            }
        }
        if (!idle.isEmpty()) {
            idleMemory(md, idle);
        }
        return md.toString();
    }

    /**
     * One line per workload and carrier count: each comparator's figure (the best otp4j variant for
     * C1), otp4j's time ratios against C2, C3 and C5, and otp4j's allocation per operation.
     */
    private static void summary(
            StringBuilder md,
            List<Workload> workloads,
            Collection<RunResult> jmh,
            Set<String> sizeParams,
            List<SkynetPeakHeap.Result> peaks) {
        md.append("## Summary\n\n");
        md.append("C1 is the best otp4j variant of the workload (named); ratios are otp4j's time ÷ the peer's"
                + " (lower is better, < 1 means otp4j is ahead).\n\n");
        md.append("| Workload | carriers | metric | C1 otp4j | C2 vthreads | C3 pekko | C4 pekko-vt | C5 loop"
                + " | C1 ÷ C2 | C1 ÷ C3 | C1 ÷ C5 | C1 B/op |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Workload w : workloads) {
            Map<String, Map<Integer, Cell>> cells = cells(w, jmh, sizeParams);
            Set<Integer> columns = new TreeSet<>();
            cells.values().forEach(m -> columns.addAll(m.keySet()));
            for (int c : columns) {
                String best = null;
                for (Map.Entry<String, Map<Integer, Cell>> e : cells.entrySet()) {
                    Cell cell = e.getValue().get(c);
                    if (e.getKey().startsWith("otp4j") && cell != null) {
                        Cell b = best == null ? null : cells.get(best).get(c);
                        if (b == null || timeRatio(w, cell, b) < 1) {
                            best = e.getKey();
                        }
                    }
                }
                Cell otp = best == null ? null : cells.get(best).get(c);
                md.append("| ").append(w.id()).append(' ').append(w.title());
                md.append(" | ").append(c == 0 ? "default" : String.valueOf(c));
                md.append(" | ").append(w.metric());
                md.append(" | ").append(otp == null ? "n/a" : fmt(otp.score()) + " (" + best + ")");
                for (String peer :
                        List.of(Comparators.VTHREADS, Comparators.PEKKO, Comparators.PEKKO_VT, Comparators.LOOP)) {
                    Cell p = cells.getOrDefault(peer, Map.of()).get(c);
                    md.append(" | ").append(p == null ? "n/a" : fmt(p.score()));
                }
                for (String peer : List.of(Comparators.VTHREADS, Comparators.PEKKO, Comparators.LOOP)) {
                    Cell p = cells.getOrDefault(peer, Map.of()).get(c);
                    md.append(" | ").append(otp == null || p == null ? "n/a" : ratio(timeRatio(w, otp, p), null));
                }
                md.append(" | ")
                        .append(otp == null || Double.isNaN(otp.allocBytes()) ? "n/a" : fmt(otp.allocBytes()))
                        .append(" |\n");
            }
            if (w.id().equals("B7") && !peaks.isEmpty()) {
                peakSummary(md, peaks);
            }
        }
        md.append('\n');
    }

    /** B7's second figure as a summary line: the peak live heap, the smallest otp4j variant for C1. */
    private static void peakSummary(StringBuilder md, List<SkynetPeakHeap.Result> peaks) {
        Map<String, Double> mb = new TreeMap<>(QuickProfile::rowOrder);
        for (SkynetPeakHeap.Result r : peaks) {
            if (!Double.isNaN(r.peakMegabytes())) {
                mb.put(r.impl(), r.peakMegabytes());
            }
        }
        String best = null;
        for (Map.Entry<String, Double> e : mb.entrySet()) {
            if (e.getKey().startsWith("otp4j") && (best == null || e.getValue() < mb.get(best))) {
                best = e.getKey();
            }
        }
        md.append("| B7 Skynet, peak live heap (")
                .append(String.format(Locale.ROOT, "%,d", peaks.get(0).size()));
        md.append(" leaves) | default | MB, sampled (B7 peak heap below) | ");
        md.append(best == null ? "n/a" : fmt(mb.get(best)) + " (" + best + ")");
        for (String peer : List.of(Comparators.VTHREADS, Comparators.PEKKO, Comparators.PEKKO_VT, Comparators.LOOP)) {
            md.append(" | ").append(mb.containsKey(peer) ? fmt(mb.get(peer)) : "n/a");
        }
        for (String peer : List.of(Comparators.VTHREADS, Comparators.PEKKO, Comparators.LOOP)) {
            md.append(" | ")
                    .append(best == null || !mb.containsKey(peer) ? "n/a" : ratio(mb.get(best) / mb.get(peer), null));
        }
        md.append(" | n/a |\n");
    }

    /** B7's peak heap table, under B7's timing table. */
    private static void peakHeap(StringBuilder md, List<SkynetPeakHeap.Result> peaks, int samples) {
        md.append("### B7 Skynet peak heap\n\n");
        md.append("The most live heap one tree holds at once: in a child JVM per comparator (G1, default carriers),"
                        + " after a second of warm-up trees, ")
                .append(samples);
        md.append(" trees each sampled once by a full collection at a point spread over the tree's time; the"
                + " heap in use at the end of the collection, minus the idle runtime's live heap (the baseline)."
                + " A sampled lower bound on the peak of live data, not the heap the JVM occupied and not the"
                + " bytes allocated (B/op above). n/a: no sample fell within a tree (trees too short).\n\n");
        md.append("| Comparator | leaves | peak live heap MB | baseline MB | samples within a tree | tree ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (SkynetPeakHeap.Result r : peaks) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %s | %s | %d of %d | %s |%n",
                    Comparators.label(r.impl()),
                    r.size(),
                    fmt(r.peakMegabytes()),
                    fmt(r.baselineBytes() / 1e6),
                    r.samples(),
                    r.attempts(),
                    fmt(r.treeMillis())));
        }
        StringBuilder ratios = new StringBuilder();
        for (SkynetPeakHeap.Result a : peaks) {
            if (!a.impl().startsWith("otp4j") || Double.isNaN(a.peakMegabytes())) {
                continue;
            }
            for (SkynetPeakHeap.Result b : peaks) {
                if (!b.impl().startsWith("otp4j") && !Double.isNaN(b.peakMegabytes()) && b.peakBytes() > 0) {
                    ratios.append("| ")
                            .append(shortLabel(a.impl()))
                            .append(" ÷ ")
                            .append(shortLabel(b.impl()))
                            .append(" | ")
                            .append(ratio(a.peakMegabytes() / b.peakMegabytes(), null))
                            .append(" |\n");
                }
            }
        }
        if (!ratios.isEmpty()) {
            md.append("\n| otp4j peak heap ratio (lower is better) | ratio |\n|---|---:|\n")
                    .append(ratios);
        }
        md.append('\n');
    }

    private static void workload(StringBuilder md, Workload w, Map<String, Map<Integer, Cell>> cells) {
        Set<Integer> columns = new TreeSet<>();
        cells.values().forEach(m -> columns.addAll(m.keySet()));
        md.append("## ").append(w.id()).append(' ').append(w.title()).append("\n\n");
        if (cells.isEmpty()) {
            md.append("No results.\n\n");
            return;
        }
        md.append("| Comparator");
        for (int c : columns) {
            md.append(" | ").append(w.metric()).append(", ").append(columnName(c));
        }
        md.append(" |\n|---");
        columns.forEach(c -> md.append("|---:"));
        md.append("|\n");
        for (Map.Entry<String, Map<Integer, Cell>> e : cells.entrySet()) {
            md.append("| ").append(Comparators.label(e.getKey()));
            for (int c : columns) {
                Cell cell = e.getValue().get(c);
                md.append(" | ").append(cell == null ? "n/a" : cell.text());
                if (cell != null && w.absolute() != null && e.getKey().startsWith("otp4j")) {
                    md.append(w.absolute().test(cell.score()) ? " ✓" : " ✗");
                }
            }
            md.append(" |\n");
        }
        StringBuilder ratios = new StringBuilder();
        for (String otp : cells.keySet()) {
            if (!otp.startsWith("otp4j")) {
                continue;
            }
            for (String peer : List.of(Comparators.VTHREADS, Comparators.PEKKO, Comparators.LOOP)) {
                if (!cells.containsKey(peer)) {
                    continue;
                }
                double limit = peer.equals(Comparators.VTHREADS)
                        ? w.maxVsC2()
                        : peer.equals(Comparators.PEKKO) ? w.maxVsC3() : Double.NaN;
                DoublePredicate ok = Double.isNaN(limit) ? null : r -> r <= limit;
                ratios.append("| ").append(otp).append(" ÷ ").append(shortLabel(peer));
                for (int c : columns) {
                    Cell a = cells.get(otp).get(c);
                    Cell b = cells.get(peer).get(c);
                    ratios.append(" | ").append(a == null || b == null ? "n/a" : ratio(timeRatio(w, a, b), ok));
                }
                ratios.append(" |\n");
            }
        }
        if (!ratios.isEmpty()) {
            md.append("\n| otp4j time ratio (lower is better)");
            columns.forEach(c -> md.append(" | ").append(columnName(c)));
            md.append(" |\n|---");
            columns.forEach(c -> md.append("|---:"));
            md.append("|\n").append(ratios);
        }
        md.append('\n').append(w.target()).append(" ✓ / ✗: within target or not.\n\n");
    }

    private static void machine(StringBuilder md, List<Workload> workloads) throws IOException {
        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Processors (nproc) | ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" |\n");
        md.append("| CPU | ")
                .append(procField("/proc/cpuinfo", "model name").orElse("unknown"))
                .append(" |\n");
        md.append("| Memory | ")
                .append(procField("/proc/meminfo", "MemTotal").orElse("unknown"))
                .append(" |\n");
        md.append("| OS | ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.version"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(" |\n");
        md.append("| JDK | ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append(" (")
                .append(System.getProperty("java.vm.vendor"))
                .append(") |\n");
        Set<String> both = new LinkedHashSet<>();
        Set<String> single = new LinkedHashSet<>();
        for (Workload w : workloads) {
            boolean split = Stream.of(w.benchmark().getClasses())
                    .anyMatch(c -> c.getSimpleName().equals("Carriers1"));
            (split ? both : single).add(w.id());
        }
        single.removeAll(List.of("B15", "B16"));
        List<String> parts = new ArrayList<>();
        if (!both.isEmpty()) {
            parts.add(String.join(", ", both) + ": 1 and 2, reported separately");
        }
        single.add("B8");
        parts.add(String.join(", ", single) + ": the default, "
                + Runtime.getRuntime().availableProcessors());
        parts.add("B15: 1; B16: 2 (their own setting)");
        md.append("| Carrier parallelism (`-D")
                .append(Comparators.PARALLELISM_PROPERTY)
                .append("`) | ")
                .append(String.join("; ", parts))
                .append(" |\n");
        md.append("| Pekko | ")
                .append(Comparators.pekkoVersion())
                .append(": C3 default dispatcher (fork-join) sized to the carrier parallelism; C4 the default"
                        + " dispatcher on `executor = \"virtual-thread-executor\"` |\n\n");
    }

    private static Optional<String> procField(String file, String key) throws IOException {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(p)) {
            return lines.filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        }
    }

    private static void idleMemory(StringBuilder md, List<IdleMemory.Result> idle) {
        md.append("## B8 Idle memory\n\n");
        md.append("Heap used with N idle processes minus heap used before, after full GCs, divided by N;"
                + " each comparator in its own JVM (G1).\n\n");
        md.append("| Comparator | N | bytes per idle process | spawn + settle ms |\n|---|---:|---:|---:|\n");
        for (IdleMemory.Result r : idle) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %s | %s |%n",
                    idleLabel(r.impl()),
                    r.n(),
                    fmt(r.bytesPerProcess()),
                    fmt(r.spawnMillis())));
        }
        md.append("\n| otp4j ratio (lower is better) | N | ratio |\n|---|---:|---:|\n");
        for (IdleMemory.Result a : idle) {
            if (!a.impl().startsWith("otp4j")) {
                continue;
            }
            for (IdleMemory.Result b : idle) {
                if (b.n() == a.n() && !b.impl().startsWith("otp4j")) {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s ÷ %s | %,d | %s |%n",
                            shortLabel(a.impl()),
                            shortLabel(b.impl()),
                            a.n(),
                            ratio(a.bytesPerProcess() / b.bytesPerProcess(), null)));
                }
            }
        }
        md.append("\nTarget: otp4j ≤ 1 KB per idle process (BEAM ~2.6 KB, Pekko ~400 B):");
        for (IdleMemory.Result r : idle) {
            if (r.impl().startsWith("otp4j")) {
                md.append(String.format(
                        Locale.ROOT,
                        " %s at %,d: %s;",
                        shortLabel(r.impl()),
                        r.n(),
                        r.bytesPerProcess() <= 1024 ? "✓" : "✗"));
            }
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
    }

    private static String idleLabel(String impl) {
        return switch (impl) {
            case Comparators.OTP4J_HANDLER -> "C1 otp4j handler process (no thread while idle)";
            case Comparators.OTP4J_BODY -> "C1 otp4j direct-style body blocked in receive";
            case Comparators.VTHREADS -> "C2 virtual thread parked on a LinkedTransferQueue";
            case Comparators.PEKKO_VT -> "C4 Pekko typed actor (virtual-thread-executor dispatcher)";
            case Comparators.LOOP -> "C5 event-loop actor object in a HashMap (the floor)";
            default -> Comparators.label(impl);
        };
    }

    private static String shortLabel(String impl) {
        return switch (impl) {
            case Comparators.OTP4J_BODY -> "C1 body";
            case Comparators.OTP4J_HANDLER -> "C1 handler";
            case Comparators.VTHREADS -> "C2";
            case Comparators.PEKKO -> "C3";
            case Comparators.PEKKO_VT -> "C4";
            case Comparators.LOOP -> "C5";
            default -> impl;
        };
    }

    private static String ratio(double r, DoublePredicate ok) {
        String s = String.format(Locale.ROOT, "%.2fx", r);
        return ok == null ? s : s + (ok.test(r) ? " ✓" : " ✗");
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
