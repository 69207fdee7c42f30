package org.otp4j.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The comparators every benchmark runs side by side, and what they share: the names of the {@code impl}
 * parameter, the carrier parallelism of the JVM, and the configuration of Pekko's actor system.
 */
public final class Comparators {
    /** C1: otp4j direct-style processes ({@code ProcessBody}), each on its own virtual thread. */
    public static final String OTP4J_BODY = "otp4j-body";

    /** C1: otp4j activation-driven processes ({@code MessageHandler}), holding no thread when idle. */
    public static final String OTP4J_HANDLER = "otp4j-handler";

    /**
     * C1 variant: handler processes whose activations run as tasks on a {@code ForkJoinPool} sized to
     * the carrier parallelism ({@code SpawnOptions.executor}), instead of a fresh virtual thread each.
     */
    public static final String OTP4J_HANDLER_POOL = "otp4j-handler-pool";

    /** C2: one plain virtual thread per process, blocking on a {@code LinkedTransferQueue}. */
    public static final String VTHREADS = "vthreads";

    /** C3: Apache Pekko typed actors (Java DSL) on the default dispatcher. */
    public static final String PEKKO = "pekko";

    /** Every comparator, in the order the results tables list them. */
    public static final List<String> ALL = List.of(OTP4J_BODY, OTP4J_HANDLER, VTHREADS, PEKKO);

    /** The system property that sets the number of carrier threads of the virtual-thread scheduler. */
    public static final String PARALLELISM_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    /** Silences SLF4J's notice that Pekko finds no logging provider (the benchmarks bundle none). */
    public static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=ERROR";

    /** How long one benchmark invocation may take before it is declared hung. */
    static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);

    private Comparators() {}

    /** A human-readable label for an {@code impl} parameter value. */
    public static String label(String impl) {
        return switch (impl) {
            case OTP4J_BODY -> "C1 otp4j, direct-style body";
            case OTP4J_HANDLER -> "C1 otp4j, handler process";
            case OTP4J_HANDLER_POOL -> "C1 otp4j, handler process on a ForkJoinPool executor";
            case VTHREADS -> "C2 virtual threads + LinkedTransferQueue";
            case PEKKO -> "C3 Pekko typed " + pekkoVersion() + " (default dispatcher)";
            default -> impl;
        };
    }

    /** Throws unless {@code impl} names a comparator. */
    static String check(String impl) {
        if (!ALL.contains(impl) && !impl.equals(OTP4J_HANDLER_POOL)) {
            throw new IllegalArgumentException("unknown comparator '" + impl + "', expected one of " + ALL);
        }
        return impl;
    }

    /**
     * The carrier parallelism of this JVM: the system property if set, else the number of processors
     * (the JDK's default).
     */
    public static int carrierParallelism() {
        String p = System.getProperty(PARALLELISM_PROPERTY);
        return p != null ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
    }

    /** The version of Pekko on the class path. */
    public static String pekkoVersion() {
        return org.apache.pekko.Version.current();
    }

    /**
     * Pekko's configuration for the benchmarks: quiet logging, and the default dispatcher sized to the
     * carrier parallelism, so that every comparator runs on the same number of worker threads (Pekko's
     * own default would be at least 8 threads, whatever the machine).
     */
    static Config pekkoConfig() {
        int threads = carrierParallelism();
        return ConfigFactory.parseString("""
                        pekko.loglevel = WARNING
                        pekko.stdout-loglevel = WARNING
                        pekko.log-dead-letters = off
                        pekko.log-dead-letters-during-shutdown = off
                        pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = %d
                        pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = %d
                        """.formatted(threads, threads)).withFallback(ConfigFactory.load());
    }

    /** Terminates an actor system and waits for it, failing if it does not stop in time. */
    static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
