package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.otp4j.Matcher;
import org.otp4j.Pid;

/** The JUnit 5 integration, used as users use it. */
class DeterministicTestTest {
    private static int bodies;

    @DeterministicTest(schedules = 50, seed = "7")
    void runsTheBodyOncePerScheduleWithAFreshNode(TestNode node) {
        bodies++;
        List<Object> got = node.run(self -> {
            Pid me = self.self();
            Pid a = self.spawn(p -> p.send(me, "a"));
            Pid b = self.spawn(p -> p.send(me, "b"));
            Object first = Probes.assertReceive(self, Matcher.type(String.class), Duration.ofSeconds(1));
            Object second = Probes.assertReceive(self, Matcher.type(String.class), Duration.ofSeconds(1));
            Probes.refuteReceive(self, Matcher.any(), Duration.ofSeconds(5));
            return List.of(first, second, a, b);
        });
        assertTrue(got.containsAll(List.of("a", "b")), got::toString);
        assertTrue(node.now().compareTo(Duration.ofSeconds(5)) >= 0, "refuteReceive waited 5 virtual seconds");
        assertTrue(bodies <= 51, "one body per schedule, plus the determinism re-run: " + bodies);
    }

    @DeterministicTest(schedules = 20, strategy = StrategyKind.PCT, pctDepth = 2, seed = "abc")
    void acceptsEveryStrategy(TestNode node) {
        assertEquals("pct2", node.strategy());
        node.advance(Duration.ofMinutes(3));
        assertEquals(Duration.ofMinutes(3), node.now());
    }
}
