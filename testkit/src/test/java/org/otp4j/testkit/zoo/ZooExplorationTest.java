package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.otp4j.testkit.Explorer;
import org.otp4j.testkit.StrategyKind;

/**
 * The zoo, long: every fixed twin passes 10,000 schedules, and the table of schedules to the first failure
 * of every bug under every strategy (written to {@code target/zoo-table.md}). Left out of the default
 * suite; run it with
 *
 * <pre>mvn -B -o -pl testkit test -Pexplore -Dtest='ZooExplorationTest'</pre>
 */
@Tag("exploration")
class ZooExplorationTest {
    static final int FIXED_SCHEDULES = 10_000;
    static final long FIXED_SEED = 0x2026;
    static final int BUG_SCHEDULES = 1_000;
    static final long[] BASE_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    static final int RANDOM_RUNS = 2_000;
    static final StrategyKind[] STRATEGIES = {
        StrategyKind.RANDOM_WALK, StrategyKind.PCT, StrategyKind.POS, StrategyKind.PORTFOLIO
    };
    static final String COMMAND = "mvn -B -o -pl testkit test -Pexplore -Dtest='ZooExplorationTest'";

    private static final Logger PROCESS_LOG = Logger.getLogger("org.otp4j.process");
    private static Level previous;

    /** Where the single runs counted below write the traces of their failures: thousands, not kept. */
    @TempDir
    static Path scratch;

    @BeforeAll
    static void quiet() {
        previous = PROCESS_LOG.getLevel();
        PROCESS_LOG.setLevel(Level.OFF); // the buggy twins crash processes on purpose, thousands of times
    }

    @AfterAll
    static void restore() {
        PROCESS_LOG.setLevel(previous);
    }

    static List<Exhibit> exhibits() {
        return Exhibit.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhibits")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyFixedTwinPassesTenThousandSchedules(Exhibit exhibit) {
        long started = System.nanoTime();
        Explorer.Result result = Explorer.builder()
                .name(exhibit.name() + "-fixed")
                .seed(FIXED_SEED)
                .schedules(FIXED_SCHEDULES)
                .timeBudget(Duration.ofMinutes(14))
                .build()
                .explore(exhibit.fixed());
        System.out.println(result.summary() + " in " + seconds(started));
        result.assertPassed();
        assertEquals(FIXED_SCHEDULES, result.schedulesRun(), "stopped early: the time budget ran out");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void schedulesToFirstFailure() throws IOException {
        long started = System.nanoTime();
        StringBuilder summary = new StringBuilder();
        StringBuilder perSeed = new StringBuilder();
        summary.append("| bug |");
        perSeed.append("| bug |");
        for (StrategyKind k : STRATEGIES) {
            summary.append(' ').append(label(k)).append(" |");
            perSeed.append(' ').append(label(k)).append(" |");
        }
        summary.append(" random-walk runs that fail |\n|---|");
        perSeed.append("\n|---|");
        for (int i = 0; i < STRATEGIES.length; i++) {
            summary.append("---|");
            perSeed.append("---|");
        }
        summary.append("---|\n");
        perSeed.append('\n');
        List<String> misses = new ArrayList<>();
        for (Exhibit exhibit : Exhibit.all()) {
            summary.append("| ").append(exhibit.name()).append(" |");
            perSeed.append("| ").append(exhibit.name()).append(" |");
            for (StrategyKind kind : STRATEGIES) {
                int[] found = new int[BASE_SEEDS.length]; // schedules run up to the failing one; 0: not found
                for (int i = 0; i < BASE_SEEDS.length; i++) {
                    Explorer.Result r = Explorer.builder()
                            .name(exhibit.name())
                            .strategy(kind)
                            .seed(BASE_SEEDS[i])
                            .schedules(BUG_SCHEDULES)
                            .build()
                            .explore(exhibit.buggy());
                    found[i] = r.passed() ? 0 : r.schedulesRun();
                    if (r.passed()) {
                        misses.add(exhibit.name() + " / " + label(kind) + " / seed " + BASE_SEEDS[i]);
                    }
                }
                summary.append(' ').append(medianAndRange(found)).append(" |");
                perSeed.append(' ').append(list(found)).append(" |");
            }
            summary.append(' ').append(randomWalkFailureRate(exhibit)).append(" |\n");
            perSeed.append('\n');
        }
        String text = "Schedules to the first failure of each buggy program (the failing schedule included): median"
                + " (min–max) over base seeds " + list(BASE_SEEDS) + ", at most " + BUG_SCHEDULES
                + " schedules per exploration; \"> " + BUG_SCHEDULES + "\" means not found. The last column runs "
                + RANDOM_RUNS + " single random-walk schedules (seeds 1 to " + RANDOM_RUNS + ").\n\n" + summary
                + "\nPer base seed (" + list(BASE_SEEDS) + "; — means not found within " + BUG_SCHEDULES
                + "):\n\n" + perSeed + "\nProduced by `" + COMMAND + "` on " + LocalDate.now() + ", Java "
                + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors()
                + " cores, in " + seconds(started) + ".\n";
        Path out = Path.of("target", "zoo-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        assertTrue(
                misses.stream().noneMatch(m -> m.contains(label(StrategyKind.PORTFOLIO))),
                "the default strategy must find every bug within " + BUG_SCHEDULES + " schedules: " + misses);
    }

    private static String randomWalkFailureRate(Exhibit exhibit) {
        int failed = 0;
        for (long seed = 1; seed <= RANDOM_RUNS; seed++) {
            Explorer.Result r = Explorer.builder()
                    .name(exhibit.name())
                    .replay(exhibit.name() + "|random@" + Long.toHexString(seed))
                    .traceDir(scratch)
                    .build()
                    .explore(exhibit.buggy());
            if (!r.passed()) {
                failed++;
            }
        }
        return String.format("%.1f %%", 100.0 * failed / RANDOM_RUNS);
    }

    private static String label(StrategyKind k) {
        return k == StrategyKind.PCT ? "PCT (depth 3)" : k.name();
    }

    private static String medianAndRange(int[] found) {
        long[] v = new long[found.length];
        for (int i = 0; i < found.length; i++) {
            v[i] = found[i] == 0 ? Long.MAX_VALUE : found[i];
        }
        java.util.Arrays.sort(v);
        return show(v[v.length / 2]) + " (" + show(v[0]) + "–" + show(v[v.length - 1]) + ")";
    }

    private static String show(long v) {
        return v == Long.MAX_VALUE ? "> " + BUG_SCHEDULES : Long.toString(v);
    }

    private static String list(int[] found) {
        List<String> parts = new ArrayList<>();
        for (int f : found) {
            parts.add(f == 0 ? "—" : Integer.toString(f));
        }
        return String.join(", ", parts);
    }

    private static String list(long[] seeds) {
        List<String> parts = new ArrayList<>();
        for (long s : seeds) {
            parts.add(Long.toString(s));
        }
        return String.join(", ", parts);
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
