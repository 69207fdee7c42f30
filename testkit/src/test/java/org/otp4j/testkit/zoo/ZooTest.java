package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.otp4j.testkit.DeterministicTest;
import org.otp4j.testkit.Explorer;
import org.otp4j.testkit.ScheduleFailure;
import org.otp4j.testkit.TestNode;

/**
 * The zoo, fast: every buggy program fails within 1,000 schedules of the default strategy, with the
 * failure it is about, some schedules of it pass (the bug is a race, not a plain mistake), and every
 * fixed twin passes a few hundred schedules (ZooExplorationTest runs 10,000). Seeds are fixed, so the
 * outcome is the same on every run.
 */
class ZooTest {
    static final long SEED = 0x200;
    static final int BUG_SCHEDULES = 1_000;
    static final int FIXED_SCHEDULES = 1_000;
    static final int RANDOM_RUNS = 100;

    /** The engine logs processes that crash; the buggy twins crash some on purpose, hundreds of times. */
    private static final Logger PROCESS_LOG = Logger.getLogger("org.otp4j.process");

    private static Level previous;

    /** Where the single runs counted below write the traces of their failures: thousands, not kept. */
    @TempDir
    static Path scratch;

    @BeforeAll
    static void quiet() {
        previous = PROCESS_LOG.getLevel();
        PROCESS_LOG.setLevel(Level.OFF);
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
    void theBugIsFoundWithinAThousandSchedules(Exhibit exhibit) {
        Explorer.Result result = Explorer.builder()
                .name(exhibit.name())
                .seed(SEED)
                .schedules(BUG_SCHEDULES)
                .build()
                .explore(exhibit.buggy());
        System.out.println(result.summary());
        assertFalse(result.passed(), exhibit.name() + ": the bug must be found within " + BUG_SCHEDULES + " schedules");
        ScheduleFailure f = result.failure();
        String report = f.getMessage();
        System.out.println("[zoo] " + exhibit.name() + ": replay " + f.replay() + ", "
                + report.lines()
                        .filter(l -> l.startsWith("Determinism check"))
                        .findFirst()
                        .orElse(""));
        assertTrue(f.schedule() < BUG_SCHEDULES, report);
        assertTrue(
                exhibit.symptoms().stream().anyMatch(report::contains),
                exhibit.name() + ": expected one of " + exhibit.symptoms() + " in the report:\n" + report);
        assertTrue(report.contains("re-running the seed gave the same failure and the same trace"), report);
        assertTrue(report.contains("replays strictly"), report);

        // the replay line reproduces it
        Explorer.Result replayed = Explorer.builder()
                .name(exhibit.name())
                .replay(f.replay())
                .build()
                .explore(exhibit.buggy());
        assertFalse(replayed.passed(), exhibit.name() + ": the replay line " + f.replay() + " must fail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhibits")
    void theFixedTwinPasses(Exhibit exhibit) {
        Explorer.Result result = Explorer.builder()
                .name(exhibit.name() + "-fixed")
                .seed(SEED)
                .schedules(FIXED_SCHEDULES)
                .build()
                .explore(exhibit.fixed());
        System.out.println(result.summary());
        result.assertPassed();
        assertEquals(FIXED_SCHEDULES, result.schedulesRun());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhibits")
    void someSchedulesOfTheBuggyProgramPass(Exhibit exhibit) {
        int passed = 0;
        int failed = 0;
        for (long seed = 1; seed <= RANDOM_RUNS; seed++) {
            // one random-walk run from its seed, as a replay line: no shrinking
            String line = exhibit.name() + "|random@" + Long.toHexString(seed);
            Explorer.Result r = Explorer.builder()
                    .name(exhibit.name())
                    .replay(line)
                    .traceDir(scratch)
                    .build()
                    .explore(exhibit.buggy());
            if (r.passed()) {
                passed++;
            } else {
                failed++;
            }
        }
        System.out.printf("[zoo] %s: %d of %d random-walk runs fail%n", exhibit.name(), failed, RANDOM_RUNS);
        assertTrue(passed > 0, exhibit.name() + ": every one of " + RANDOM_RUNS + " random-walk runs failed");
    }

    /** The annotation form: the fixed lost-update twin, run as a JUnit test under 200 schedules. */
    @DeterministicTest(schedules = 200, seed = "2a")
    void twoIncrementsMakeTwo(TestNode node) {
        LostUpdate.fixed(node);
    }
}
