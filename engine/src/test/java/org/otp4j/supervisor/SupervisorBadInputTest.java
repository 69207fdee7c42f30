package org.otp4j.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.otp4j.Node;
import org.otp4j.SpawnOptions;
import org.otp4j.server.StartResult;

/** SV8: invalid child specs and flags fail at once with an error naming the problem. */
class SupervisorBadInputTest {
    private static final ChildStart NOTHING = self -> new StartResult.Ignored();

    private static void rejects(String expected, Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void childSpec_nullIdOrStart_rejected() {
        rejects("the id must not be null", () -> ChildSpec.worker(null, NOTHING));
        rejects("invalid child spec 'a': the start function must not be null", () -> ChildSpec.worker("a", null));
        rejects("the process body must not be null", () -> ChildSpec.process("a", null));
    }

    @Test
    void childSpec_badRestartShutdownOrType_rejected() {
        ChildSpec a = ChildSpec.worker("a", NOTHING);
        rejects("'a': bad restart type null", () -> a.restart(null));
        rejects("'a': bad shutdown null", () -> a.shutdown(null));
        rejects("'a': bad child type null", () -> a.type(null));
        rejects("bad shutdown: the timeout must be positive", () -> Shutdown.timeout(Duration.ofMillis(-1)));
        rejects("bad shutdown: the timeout must be positive", () -> Shutdown.timeout(Duration.ZERO));
        rejects("bad shutdown: the timeout must not be null", () -> Shutdown.timeout(null));
        rejects("is longer than 36500 days", () -> Shutdown.timeout(Duration.ofDays(365L * 1000)));
    }

    @Test
    void supervisor_duplicateIdsOrSignificantPermanent_rejectedBeforeStart() {
        try (Node node = Node.builder().build()) {
            Flags any = Flags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT);
            ChildSpec a = ChildSpec.worker("a", NOTHING);
            rejects(
                    "duplicate child id 'a'",
                    () -> Supervisor.start(node, Flags.oneForOne(), List.of(a, a), SpawnOptions.defaults()));
            rejects(
                    "'p': a permanent child cannot be significant",
                    () -> Supervisor.start(
                            node,
                            any,
                            List.of(ChildSpec.worker("p", NOTHING).significant(true)),
                            SpawnOptions.defaults()));
            rejects(
                    "'t': a significant child needs autoShutdown",
                    () -> Supervisor.start(
                            node,
                            Flags.oneForOne(),
                            List.of(ChildSpec.worker("t", NOTHING)
                                    .restart(Restart.TRANSIENT)
                                    .significant(true)),
                            SpawnOptions.defaults()));
            rejects(
                    "the list contains null",
                    () -> Supervisor.start(node, Flags.oneForOne(), Arrays.asList(a, null), SpawnOptions.defaults()));
            rejects(
                    "maxChildren applies to a DynamicSupervisor only",
                    () -> Supervisor.start(
                            node, Flags.oneForOne().withMaxChildren(3), List.of(), SpawnOptions.defaults()));
            rejects(
                    "duplicate child id 'x'",
                    () -> ChildSpec.supervisor(
                            "nested",
                            Flags.oneForOne(),
                            List.of(ChildSpec.worker("x", NOTHING), ChildSpec.worker("x", NOTHING))));
        }
    }

    @Test
    void flags_badValues_rejected() {
        rejects("intensity must be >= 0", () -> Flags.oneForOne().withIntensity(-1, Duration.ofSeconds(1)));
        rejects("period must be positive", () -> Flags.oneForOne().withIntensity(1, Duration.ZERO));
        rejects("the strategy must not be null", () -> Flags.oneForOne().withStrategy(null));
        rejects("maxChildren must be >= 0", () -> Flags.oneForOne().withMaxChildren(-1));
        rejects("one_for_one only", () -> {
            try (Node node = Node.builder().build()) {
                DynamicSupervisor.start(node, Flags.restForOne(), SpawnOptions.defaults());
            }
        });
        rejects("min must be positive", () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 0.1));
        rejects(
                "must not exceed 36500 days",
                () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofDays(365L * 1000), 0));
        rejects(
                "max PT0.1S is less than min",
                () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofMillis(100), 0));
        rejects(
                "randomFactor must be in [0, 1]",
                () -> Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1), 2));
    }

    @Test
    void backoff_jitterIsDeterministicBoundedAndVaries() {
        Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5)
                .withSeed(42);
        List<Duration> first = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            first.add(b.delay(i, i));
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(first.get(i), b.delay(i, i), "same seed and counter, same delay");
            long base = Math.min(100L << i, 1000L);
            long ms = first.get(i).toMillis();
            assertTrue(ms >= base && ms <= base * 3 / 2, i + ": " + ms);
        }
        assertNotEquals(b.delay(0, 0), b.delay(0, 1), "the counter moves the jitter");
        assertNotEquals(b.delay(0, 0), b.withSeed(43).delay(0, 0), "the seed moves the jitter");
        assertEquals(
                Duration.ofSeconds(1),
                Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0)
                        .delay(200, 0));
    }
}
