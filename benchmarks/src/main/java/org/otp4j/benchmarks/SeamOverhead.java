package org.otp4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;

/**
 * B16: what the determinism seam costs when the testkit is not in use. The same counting workload (one
 * process sends {@link #MESSAGES} messages to a counting handler, B2's shape) runs in two forks: with
 * the kernel as shipped ({@link WithSeam}), and with the scheduling points compiled out by {@code
 * -Dotp4j.benchmark.noSeam=true} ({@link NoSeam}). Target: the seam costs at most 2%.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SeamOverhead {
    /** Messages per invocation. */
    public static final int MESSAGES = 100_000;

    private Node node;
    private Pid counter;

    private record Count(Pid replyTo) {}

    /** Starts the node and the counter. */
    @Setup(Level.Trial)
    public void setUp() {
        node = Node.builder().name("seam").build();
        counter = node.spawn(new MessageHandler() {
            private long count;

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message instanceof Count(Pid replyTo)) {
                    self.send(replyTo, count);
                    count = 0;
                } else {
                    count++;
                }
            }
        });
    }

    /** Closes the node. */
    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
    }

    /**
     * Sends {@link #MESSAGES} messages and waits for the count.
     *
     * @return the count, checked
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long count() {
        long n = node.run(
                self -> {
                    Integer one = 1;
                    for (int i = 0; i < MESSAGES; i++) {
                        self.send(counter, one);
                    }
                    self.send(counter, new Count(self.self()));
                    return (Long) self.receive(m -> m instanceof Long l ? l : null);
                },
                Duration.ofSeconds(60));
        if (n != MESSAGES) {
            throw new IllegalStateException("counted " + n + " messages, expected " + MESSAGES);
        }
        return n;
    }

    /** The kernel as shipped. */
    @Fork(value = 2, jvmArgsAppend = "-D" + Comparators.PARALLELISM_PROPERTY + "=2")
    public static class WithSeam extends SeamOverhead {}

    /** The scheduling points compiled out. */
    @Fork(
            value = 2,
            jvmArgsAppend = {"-D" + Comparators.PARALLELISM_PROPERTY + "=2", "-Dotp4j.benchmark.noSeam=true"})
    public static class NoSeam extends SeamOverhead {}
}
