package org.otp4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
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
 * Runs B1 (PingPong), B3 (Fork-join create), B8 (Idle memory), B9 (GenServer call) and B10 (state
 * machines with timeouts) for every comparator and writes a markdown results table: each comparator's
 * figure, otp4j's ratios against C2 and C3 (B1, B3, B8), and the machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.otp4j.benchmarks.QuickProfile
 *     [--profile smoke|quick|full] [--out results.md] [--json jmh-result.json]
 * </pre>
 *
 * <ul>
 *   <li>{@code smoke}: one fork, one short iteration, 10k idle processes; proves that everything runs
 *       and checks itself, in about a minute. Its figures mean nothing.
 *   <li>{@code quick} (default): 2 forks, 3 x 1 s warm-up, 5 x 1 s measurement, 100k idle processes;
 *       about 13 minutes on 2 cores.
 *   <li>{@code full}: 3 forks, 5 x 2 s warm-up, 10 x 2 s measurement, 100k and 1M idle processes.
 *       B10 runs 100,000 machines here, 10,000 in the other profiles.
 * </ul>
 *
 * B1, B3, B9 and B10 run with carrier parallelism 1 and 2 (their {@code Carriers1} and {@code Carriers2}
 * classes); JMH's own results go to the JSON file as well.
 */
public final class QuickProfile {
    private QuickProfile() {}

    private record Profile(
            String name,
            int forks,
            int warmups,
            TimeValue warmup,
            int iterations,
            TimeValue measure,
            List<Integer> idle,
            int machines) {}

    private static Profile profile(String name) {
        return switch (name) {
            case "smoke" ->
                new Profile(
                        name,
                        1,
                        1,
                        TimeValue.milliseconds(500),
                        1,
                        TimeValue.milliseconds(500),
                        List.of(10_000),
                        10_000);
            case "quick" ->
                new Profile(
                        name,
                        2,
                        3,
                        TimeValue.seconds(1),
                        5,
                        TimeValue.seconds(1),
                        List.of(IdleMemory.DEFAULT_N),
                        10_000);
            case "full" ->
                new Profile(
                        name,
                        3,
                        5,
                        TimeValue.seconds(2),
                        10,
                        TimeValue.seconds(2),
                        List.of(IdleMemory.DEFAULT_N, 1_000_000),
                        100_000);
            default -> throw new IllegalArgumentException("unknown profile '" + name + "': smoke, quick or full");
        };
    }

    /** Runs the profile named on the command line and writes the table. */
    public static void main(String[] args) throws Exception {
        String profileName = "quick";
        Path out = Path.of("benchmarks", "target", "results.md");
        Path json = Path.of("benchmarks", "target", "jmh-result.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profileName = args[++i];
                case "--smoke" -> profileName = "smoke";
                case "--out" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: QuickProfile [--profile smoke|quick|full] [--out results.md] [--json file]");
            }
        }
        Profile profile = profile(profileName);
        long start = System.nanoTime();
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PingPong.class.getName() + "\\.")
                .include(ForkJoinCreate.class.getName() + "\\.")
                .include(GenServerCall.class.getName() + "\\.")
                .include(StateMachineTimeouts.class.getName() + "\\.")
                .param("machines", String.valueOf(profile.machines()))
                .forks(profile.forks())
                .warmupIterations(profile.warmups())
                .warmupTime(profile.warmup())
                .measurementIterations(profile.iterations())
                .measurementTime(profile.measure())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        Collection<RunResult> jmh = new Runner(options.build()).run();

        List<IdleMemory.Result> idle = new ArrayList<>();
        for (int n : profile.idle()) {
            for (String impl : List.of(
                    Comparators.OTP4J_HANDLER, Comparators.OTP4J_BODY, Comparators.VTHREADS, Comparators.PEKKO)) {
                System.out.printf(Locale.ROOT, "# B8 idle memory: %s, N = %d%n", impl, n);
                IdleMemory.Result r = IdleMemory.measure(impl, n, null);
                System.out.printf(Locale.ROOT, "  %.1f bytes per idle process%n", r.bytesPerProcess());
                idle.add(r);
            }
        }

        double minutes = (System.nanoTime() - start) / 6e10;
        String md = report(profile, jmh, idle, json, minutes);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("Wrote " + out.toAbsolutePath());
    }

    // ---- the report -------------------------------------------------------------------------------

    /** One cell: a score with its error and the allocation per operation, if measured. */
    private record Cell(double score, double error, String unit, double allocBytes) {
        String text() {
            String s = fmt(score) + (Double.isNaN(error) ? "" : " ± " + fmt(error));
            return Double.isNaN(allocBytes) ? s : s + " (" + fmt(allocBytes) + " B/op)";
        }
    }

    private static String report(
            Profile profile, Collection<RunResult> jmh, List<IdleMemory.Result> idle, Path json, double minutes)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# otp4j benchmarks: ").append(profile.name()).append(" profile\n\n");
        md.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(String.format(Locale.ROOT, "; the run took %.1f minutes.%n%n", minutes));
        if (profile.name().equals("smoke")) {
            md.append("**Smoke run: one short iteration to prove that every benchmark runs and checks itself."
                    + " These figures are not measurements.**\n\n");
        }
        machine(md);
        md.append(String.format(
                Locale.ROOT,
                "JMH %d fork(s), %d x %s warm-up, %d x %s measurement; score ± 99.9%% error where JMH gives one;"
                        + " B/op is JMH's gc.alloc.rate.norm. Raw results: `%s`.%n%n",
                profile.forks(),
                profile.warmups(),
                profile.warmup(),
                profile.iterations(),
                profile.measure(),
                json));

        workload(
                md,
                "B1 PingPong (Savina 1)",
                "ns per round trip",
                PingPong.class,
                jmh,
                "Target: otp4j ≤ C3 and ≤ 1.5x C2.",
                null,
                r -> r <= 1.5,
                r -> r <= 1.0);
        workload(
                md,
                "B3 Fork-join create (Savina 4)",
                "µs per spawn + message + exit",
                ForkJoinCreate.class,
                jmh,
                "Target: otp4j ≤ 2 µs and ≤ C3.",
                score -> score <= 2.0,
                null,
                r -> r <= 1.0);
        byImpl(
                md,
                "B9 GenServer call, one client (sequential calls)",
                "ns per call",
                GenServerCall.class.getName() + ".",
                ".sequential",
                jmh,
                null,
                "Target: call round trip ≤ 1.5x B1's round trip (compare with the B1 table above).");
        byImpl(
                md,
                "B9 GenServer call, " + GenServerCall.CLIENTS + " clients x " + GenServerCall.CALLS_PER_CLIENT
                        + " calls to one server",
                "ns per call (calls/s = 10⁹ ÷ this)",
                GenServerCall.class.getName() + ".",
                ".concurrent",
                jmh,
                null,
                "Compare with Pekko's ask from " + GenServerCall.CLIENTS + " actors.");
        byImpl(
                md,
                "B10 State machines with timeouts (" + String.format(Locale.ROOT, "%,d", profile.machines())
                        + " machines x " + StateMachineTimeouts.EVENTS + " events)",
                "events/s",
                StateMachineTimeouts.class.getName() + ".",
                ".round",
                jmh,
                "events",
                "Target: ≥ 1M events/s, ahead of Pekko timers (BENCHMARKS.md size: 100,000 machines).");
        idleMemory(md, idle);
        return md.toString();
    }

    private static void machine(StringBuilder md) throws IOException {
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
        md.append("| Carrier parallelism | B1, B3, B9, B10: 1 and 2 (`-D")
                .append(Comparators.PARALLELISM_PROPERTY)
                .append("`), reported separately; B8: the default, ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" |\n");
        md.append("| Pekko | ")
                .append(Comparators.pekkoVersion())
                .append(", default dispatcher (fork-join) sized to the carrier parallelism |\n\n");
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

    private static void workload(
            StringBuilder md,
            String title,
            String metric,
            Class<?> benchmark,
            Collection<RunResult> results,
            String target,
            DoublePredicate absolute,
            DoublePredicate vsC2,
            DoublePredicate vsC3) {
        // impl -> carriers -> cell
        Map<String, Map<Integer, Cell>> cells = new LinkedHashMap<>();
        for (String impl : Comparators.ALL) {
            cells.put(impl, new LinkedHashMap<>());
        }
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.startsWith(benchmark.getName() + ".")) {
                continue;
            }
            int carriers = name.contains(".Carriers1.") ? 1 : name.contains(".Carriers2.") ? 2 : 0;
            Result<?> primary = r.getPrimaryResult();
            double alloc = Double.NaN;
            for (String key : r.getSecondaryResults().keySet()) {
                if (key.endsWith("gc.alloc.rate.norm")) {
                    alloc = r.getSecondaryResults().get(key).getScore();
                }
            }
            cells.computeIfAbsent(r.getParams().getParam("impl"), k -> new LinkedHashMap<>())
                    .put(
                            carriers,
                            new Cell(primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), alloc));
        }
        md.append("## ").append(title).append("\n\n");
        md.append("| Comparator | ")
                .append(metric)
                .append(", 1 carrier | ")
                .append(metric)
                .append(", 2 carriers |\n|---|---:|---:|\n");
        for (Map.Entry<String, Map<Integer, Cell>> e : cells.entrySet()) {
            md.append("| ").append(Comparators.label(e.getKey()));
            for (int c = 1; c <= 2; c++) {
                Cell cell = e.getValue().get(c);
                md.append(" | ").append(cell == null ? "n/a" : cell.text());
                if (cell != null && absolute != null && e.getKey().startsWith("otp4j")) {
                    md.append(absolute.test(cell.score()) ? " ✓" : " ✗");
                }
            }
            md.append(" |\n");
        }
        md.append("\n| otp4j ratio (lower is better) | 1 carrier | 2 carriers |\n|---|---:|---:|\n");
        for (String otp : List.of(Comparators.OTP4J_BODY, Comparators.OTP4J_HANDLER)) {
            for (String peer : List.of(Comparators.VTHREADS, Comparators.PEKKO)) {
                md.append("| ").append(shortLabel(otp)).append(" ÷ ").append(shortLabel(peer));
                DoublePredicate ok = peer.equals(Comparators.VTHREADS) ? vsC2 : vsC3;
                for (int c = 1; c <= 2; c++) {
                    Cell a = cells.get(otp).get(c);
                    Cell b = cells.get(peer).get(c);
                    md.append(" | ").append(a == null || b == null ? "n/a" : ratio(a.score() / b.score(), ok));
                }
                md.append(" |\n");
            }
        }
        md.append('\n').append(target).append(" ✓ / ✗: within target or not.\n\n");
    }

    /**
     * A table with one row per {@code impl} and one column per carrier count, for the benchmarks whose
     * names start with {@code prefix} and end with {@code suffix}; {@code secondary} names a secondary
     * result (an auxiliary counter) to report instead of the primary score.
     */
    private static void byImpl(
            StringBuilder md,
            String title,
            String metric,
            String prefix,
            String suffix,
            Collection<RunResult> results,
            String secondary,
            String target) {
        Map<String, Map<Integer, Cell>> cells = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.startsWith(prefix) || !name.endsWith(suffix)) {
                continue;
            }
            int carriers = name.contains(".Carriers1.") ? 1 : name.contains(".Carriers2.") ? 2 : 0;
            Result<?> score = secondary == null
                    ? r.getPrimaryResult()
                    : r.getSecondaryResults().get(secondary);
            if (score == null) {
                continue;
            }
            double alloc = Double.NaN;
            for (String key : r.getSecondaryResults().keySet()) {
                if (secondary == null && key.endsWith("gc.alloc.rate.norm")) {
                    alloc = r.getSecondaryResults().get(key).getScore();
                }
            }
            cells.computeIfAbsent(r.getParams().getParam("impl"), k -> new LinkedHashMap<>())
                    .put(carriers, new Cell(score.getScore(), score.getScoreError(), score.getScoreUnit(), alloc));
        }
        md.append("## ").append(title).append("\n\n");
        md.append("| impl | ")
                .append(metric)
                .append(", 1 carrier | ")
                .append(metric)
                .append(", 2 carriers |\n|---|---:|---:|\n");
        for (Map.Entry<String, Map<Integer, Cell>> e : cells.entrySet()) {
            md.append("| ").append(e.getKey());
            for (int c = 1; c <= 2; c++) {
                Cell cell = e.getValue().get(c);
                md.append(" | ").append(cell == null ? "n/a" : cell.text());
            }
            md.append(" |\n");
        }
        md.append('\n').append(target).append("\n\n");
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
            default -> Comparators.label(impl);
        };
    }

    private static String shortLabel(String impl) {
        return switch (impl) {
            case Comparators.OTP4J_BODY -> "C1 body";
            case Comparators.OTP4J_HANDLER -> "C1 handler";
            case Comparators.VTHREADS -> "C2";
            case Comparators.PEKKO -> "C3";
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
