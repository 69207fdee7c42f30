package org.otp4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test that runs its body under many schedules of the deterministic scheduler, each with a
 * fresh {@link TestNode} passed as a parameter.
 *
 * {@snippet :
 * @DeterministicTest(schedules = 500)
 * void transferKeepsTheTotal(TestNode node) {
 *     int total = node.run(self -> transferAndSum(self));
 *     assertEquals(100, total);
 * }
 * }
 *
 * <p>Every run prints one line with its base seed. A failing schedule fails the test with a {@link
 * ScheduleFailure}: the seed, the strategy, the schedule number, the shrunk run as a Mermaid diagram,
 * and a replay line. Pin a failure as a regression test by copying that line into {@link #replay()}, or
 * replay it once with {@code -Dotp4j.replay=...}; fix the base seed with {@link #seed()} or {@code
 * -Dotp4j.seed=...}.
 *
 * <p>The test method's {@code @BeforeEach} and {@code @AfterEach} methods run once around all schedules;
 * state that must be fresh per schedule belongs in the body.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(DeterministicTestExtension.class)
public @interface DeterministicTest {
    /** {@return how many schedules to run (at least 1)} */
    int schedules() default 100;

    /** {@return the base seed in hexadecimal, as printed; empty for a random one (printed)} */
    String seed() default "";

    /** {@return the strategy} */
    StrategyKind strategy() default StrategyKind.PORTFOLIO;

    /** {@return the bug depth for {@link StrategyKind#PCT}} */
    int pctDepth() default 3;

    /** {@return the most scheduling steps one wait may take before the schedule fails as a livelock} */
    long maxSteps() default 100_000;

    /** {@return the probability that a process is killed as it takes a step (seeded), in [0, 1)} */
    double faultRate() default 0.0;

    /** {@return the real time, in seconds, the exploration may take before it stops early} */
    int timeBudgetSeconds() default 120;

    /** {@return whether timers race with other events (see {@link Explorer.Builder#timeRaces})} */
    boolean timeRaces() default false;

    /** {@return a replay line from a failure report: runs exactly that schedule instead of exploring} */
    String replay() default "";
}
