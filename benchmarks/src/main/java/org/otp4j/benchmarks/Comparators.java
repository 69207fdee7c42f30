package org.otp4j.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

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

    /**
     * C4: Apache Pekko typed actors (Java DSL) with the default dispatcher on Pekko's own
     * {@code virtual-thread-executor} (a new virtual thread per dispatcher task, on the JDK's
     * virtual-thread scheduler).
     */
    public static final String PEKKO_VT = "pekko-vt";

    /**
     * C5, the floor: the same protocol on a single-threaded event loop ({@link EventLoop}: one {@code
     * ArrayDeque}, no synchronisation), run on the benchmark thread.
     */
    public static final String LOOP = "loop";

    /** Every comparator, in the order the results tables list them. */
    public static final List<String> ALL =
            List.of(OTP4J_BODY, OTP4J_HANDLER, OTP4J_HANDLER_POOL, VTHREADS, PEKKO, PEKKO_VT, LOOP);

    /** The system property that sets the number of carrier threads of the virtual-thread scheduler. */
    public static final String PARALLELISM_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    /**
     * Lets Pekko's virtual-thread executor (C4) read the JDK's virtual-thread scheduler for its load
     * metrics; without it Pekko logs a warning at start-up. Harmless for the other comparators.
     */
    public static final String OPEN_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";

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
            case "otp4j-caller-runs" -> "C1 otp4j, server with SpawnOptions.callerRuns";
            case "otp4j-server-pool" -> "C1 otp4j, server on a ForkJoinPool executor";
            case VTHREADS -> "C2 virtual threads + LinkedTransferQueue";
            case PEKKO -> "C3 Pekko typed " + pekkoVersion() + " (default dispatcher)";
            case PEKKO_VT -> "C4 Pekko typed " + pekkoVersion() + " (virtual-thread-executor)";
            case LOOP -> "C5 single-threaded event loop (ArrayDeque)";
            default -> impl;
        };
    }

    /** Throws unless {@code impl} names a comparator. */
    static String check(String impl) {
        if (!ALL.contains(impl)) {
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
        return pekkoConfig(PEKKO);
    }

    /**
     * Pekko's configuration for comparator {@code impl}: {@link #pekkoConfig()} for {@link #PEKKO}, and
     * for {@link #PEKKO_VT} the same with the default dispatcher on Pekko's {@code
     * virtual-thread-executor} (whose carriers are the JDK's, sized by {@link #PARALLELISM_PROPERTY}).
     */
    static Config pekkoConfig(String impl) {
        int threads = carrierParallelism();
        String executor =
                impl.equals(PEKKO_VT) ? "pekko.actor.default-dispatcher.executor = \"virtual-thread-executor\"\n" : "";
        return ConfigFactory.parseString("""
                        pekko.loglevel = WARNING
                        pekko.stdout-loglevel = WARNING
                        pekko.log-dead-letters = off
                        pekko.log-dead-letters-during-shutdown = off
                        pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = %d
                        pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = %d
                        """.formatted(threads, threads) + executor)
                .withFallback(ConfigFactory.load());
    }

    /** Starts an actor system for comparator {@code impl} ({@link #PEKKO} or {@link #PEKKO_VT}). */
    static <T> ActorSystem<T> pekko(String impl, Behavior<T> guardian, String name) {
        if (!impl.equals(PEKKO) && !impl.equals(PEKKO_VT)) {
            throw new IllegalArgumentException("not a Pekko comparator: " + impl);
        }
        ActorSystem<T> system = ActorSystem.create(guardian, name, pekkoConfig(impl));
        // check that the dispatcher runs where the comparator says it does
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        system.executionContext()
                .execute(() -> virtual.complete(Thread.currentThread().isVirtual()));
        boolean onVirtualThread;
        try {
            onVirtualThread = virtual.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("Pekko's default dispatcher did not run a task", e);
        }
        if (onVirtualThread != impl.equals(PEKKO_VT)) {
            system.terminate();
            throw new IllegalStateException("comparator " + impl + ": Pekko's default dispatcher runs on "
                    + (onVirtualThread ? "virtual" : "platform") + " threads");
        }
        return system;
    }

    /** Asks the guardian of {@code system} and waits for the answer, at most {@link #INVOCATION_TIMEOUT}. */
    static <T, R> R ask(ActorSystem<T> system, Function<ActorRef<R>, T> request) throws Exception {
        return AskPattern.<T, R>ask(system, request::apply, INVOCATION_TIMEOUT, system.scheduler())
                .toCompletableFuture()
                .get();
    }

    /**
     * Runs {@code task} on a new virtual thread and waits for its result, at most {@link
     * #INVOCATION_TIMEOUT}: a C2 driver, so that it competes for the carriers as the drivers of the other
     * comparators (otp4j processes, actors) do, rather than running on the benchmark's platform thread.
     *
     * @throws Exception what {@code task} threw, or a timeout
     */
    static <T> T onVirtualThread(String name, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofVirtual().name(name).start(future);
        try {
            return future.get(INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Terminates an actor system and waits for it, failing if it does not stop in time. */
    static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
