package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Same seed, same run, in another JVM: the same failing schedule, step count, replay line and trace. */
class ReplayInFreshJvmTest {
    private static final Pattern HASH = Pattern.compile("hash ([0-9a-f]+)");

    static String fingerprint(Explorer.Result r) {
        if (r.passed()) {
            return "passed";
        }
        ScheduleFailure f = r.failure();
        Matcher m = HASH.matcher(f.getMessage());
        String steps = f.getMessage().lines().findFirst().orElse("").replaceAll(".*, (\\d+) steps\\).*", "$1");
        return "schedule=" + f.schedule() + " steps=" + steps + " replay=" + f.replay() + " trace="
                + (m.find() ? m.group(1) : "?") + " cause="
                + f.getCause().getClass().getSimpleName();
    }

    private static String runInFreshJvm(String arg) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Djdk.virtualThreadScheduler.parallelism=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReplayMain.class.getName(),
                        arg))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines()
                .filter(l -> l.startsWith("schedule=") || l.equals("passed"))
                .findFirst()
                .orElse(out);
    }

    @Test
    void aFailureReproducesExactlyFromItsSeedInAFreshJvm() throws Exception {
        String here = fingerprint(Explorer.builder()
                .name("lost-update")
                .schedules(500)
                .seed(0x2a)
                .build()
                .explore(ExplorerTest.LOST_UPDATE));
        assertTrue(here.startsWith("schedule="), here);
        assertEquals(here, runInFreshJvm("2a"), "same seed, same failure, same steps, same trace hash");
    }

    @Test
    void aReplayLineReproducesTheShrunkFailureInAFreshJvm() throws Exception {
        ScheduleFailure f = Explorer.builder()
                .name("lost-update")
                .schedules(500)
                .seed(0x2a)
                .build()
                .explore(ExplorerTest.LOST_UPDATE)
                .failure();
        String there = runInFreshJvm(f.replay());
        assertFalse(there.equals("passed"), there);
        assertTrue(there.contains("cause=AssertionFailedError"), there);
    }
}
