package org.otp4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.otp4j.Pid;
import org.otp4j.testkit.Explorer;
import org.otp4j.testkit.Scenario;

/**
 * B15: how many schedules per second the deterministic testkit explores, on one carrier thread ("one
 * core"), for a three-process scenario of about fifty scheduling steps: a root and two workers that
 * each exchange three request/reply rounds with it. Each schedule builds a node, runs the scenario under
 * the portfolio of strategies, checks the end-of-schedule invariants and closes the node. Target:
 * at least 5,000 schedules per second (Coyote's documentation reports about 165).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-D" + Comparators.PARALLELISM_PROPERTY + "=1"})
public class TestkitThroughput {
    /** Schedules per benchmark invocation. */
    public static final int SCHEDULES = 200;

    private static final Scenario THREE_PROCESSES = node -> {
        int rounds = node.run(self -> {
            Pid me = self.self();
            for (int w = 0; w < 2; w++) {
                self.spawn(p -> {
                    for (int i = 0; i < 3; i++) {
                        p.send(me, p.self());
                        p.receive();
                    }
                });
            }
            for (int i = 0; i < 6; i++) {
                Pid worker = self.receive(m -> m instanceof Pid pid ? pid : null);
                self.send(worker, "ack");
            }
            return 6;
        });
        if (rounds != 6) {
            throw new IllegalStateException("expected 6 rounds, got " + rounds);
        }
    };

    private long seed;

    /**
     * Explores {@link #SCHEDULES} schedules; the score is microseconds per schedule.
     *
     * @return the number of schedules run, checked
     */
    @Benchmark
    @OperationsPerInvocation(SCHEDULES)
    public int schedules() {
        Explorer.Result r = Explorer.builder()
                .name("b15")
                .seed(seed++)
                .schedules(SCHEDULES)
                .build()
                .explore(THREE_PROCESSES);
        r.assertPassed();
        if (r.schedulesRun() != SCHEDULES) {
            throw new IllegalStateException("ran " + r.schedulesRun() + " schedules, expected " + SCHEDULES);
        }
        return r.schedulesRun();
    }
}
