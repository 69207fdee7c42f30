package org.otp4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.spi.Clock;
import org.otp4j.spi.Scheduler;

/**
 * One embeddable otp4j engine: a set of processes with their names, timers, scheduler and clock.
 *
 * <p>Several nodes may live in one JVM; they share nothing. Every method may be called from any
 * thread. Signals sent from a host thread (one that is not a process) carry the node's host pid, {@code
 * <n.0>}, as their sender. {@link #close()} ends every process and leaves no thread behind; any later
 * call throws {@link NodeClosedException}.
 *
 * {@snippet :
 * try (Node node = Node.builder().name("demo").build()) {
 *     Pid echo = node.spawn((self, message) -> {
 *         if (message instanceof Ping(Pid from)) {
 *             self.send(from, "pong");
 *         }
 *     });
 *     Object reply = node.run(self -> {
 *         self.send(echo, new Ping(self.self()));
 *         return self.receive();
 *     });
 * }
 * }
 */
public interface Node extends AutoCloseable {

    /** {@return a builder with the production scheduler (virtual threads) and the system clock} */
    static Builder builder() {
        return new Builder();
    }

    /** {@return the node's name} */
    String name();

    /** {@return the pid that signals from host threads carry as their sender} */
    Pid hostPid();

    /**
     * Spawns a direct-style process.
     *
     * @param body the process's code
     * @return its pid
     */
    Pid spawn(ProcessBody body);

    /**
     * Spawns a direct-style process with options.
     *
     * @param body the process's code
     * @param options spawn options
     * @return its pid
     */
    Pid spawn(ProcessBody body, SpawnOptions options);

    /**
     * Spawns an activation-driven process.
     *
     * @param handler called once per message
     * @return its pid
     */
    Pid spawn(MessageHandler handler);

    /**
     * Spawns an activation-driven process with options.
     *
     * @param handler called once per message
     * @param options spawn options
     * @return its pid
     */
    Pid spawn(MessageHandler handler, SpawnOptions options);

    /**
     * Sends a message from the host; a no-op if {@code to} has ended.
     *
     * @param to the receiver
     * @param message an immutable value, not null
     */
    void send(Pid to, Object message);

    /**
     * Sends a message from the host to a registered name.
     *
     * @param name the receiver's registered name
     * @param message an immutable value, not null
     * @throws NotRegisteredException if no process holds the name
     */
    void send(String name, Object message);

    /**
     * Sends a message from the host to an alias (see {@link ProcessContext#send(Alias, Object)}).
     *
     * @param to the alias
     * @param message an immutable value, not null
     */
    void send(Alias to, Object message);

    /**
     * Sends an exit signal from the host (see {@link ProcessContext#exit(Pid, ExitReason)}).
     *
     * @param pid the receiver
     * @param reason the reason
     */
    void exit(Pid pid, ExitReason reason);

    /**
     * Registers {@code pid} under {@code name}.
     *
     * @param name the name
     * @param pid a live process of this node
     * @throws AlreadyRegisteredException if the name is taken or the process has a name
     * @throws IllegalArgumentException if the process is not alive
     */
    void register(String name, Pid pid);

    /**
     * Removes a registration.
     *
     * @param name the name
     * @return true if it was registered
     */
    boolean unregister(String name);

    /**
     * Looks a name up.
     *
     * @param name the name
     * @return the holder, if any
     */
    Optional<Pid> whereis(String name);

    /**
     * Whether {@code pid} is a live process of this node.
     *
     * @param pid the process
     * @return false once it has begun to exit
     */
    boolean isAlive(Pid pid);

    /**
     * A snapshot of a live process.
     *
     * @param pid the process
     * @return its info, or empty if it is not alive
     */
    Optional<ProcessInfo> info(Pid pid);

    /** {@return the live processes, in spawn order} */
    List<Pid> processes();

    /** {@return the node's monotonic clock in nanoseconds (virtual time under the testkit)} */
    long monotonicTime();

    /** {@return a new unique reference, as {@link ProcessContext#makeRef()} makes} */
    Ref makeRef();

    /**
     * Runs {@code function} as a new process and waits, without a time limit, for its result. This is
     * how host code does what only a process can do (receive, call a server, wait for a monitor).
     *
     * @param function the code to run
     * @param <T> its result type
     * @return what the function returned
     * @throws ExitException if the process ended another way (killed by a link, say); its reason tells
     *     how
     * @throws RuntimeException the function's own unchecked exception, as thrown
     */
    <T> T run(ProcessFunction<T> function);

    /**
     * Runs {@code function} as a new process and waits at most {@code timeout} for its result; on
     * timeout the process is killed.
     *
     * @param function the code to run
     * @param timeout the longest wait
     * @param <T> its result type
     * @return what the function returned
     * @throws java.util.concurrent.CompletionException wrapping a {@link
     *     java.util.concurrent.TimeoutException} on timeout
     */
    <T> T run(ProcessFunction<T> function, Duration timeout);

    /** {@return whether {@link #close()} has been called} */
    boolean isClosed();

    /**
     * Ends every process and stops the node's threads. Processes are sent {@code exit(shutdown)},
     * newest first, and given the builder's shutdown grace period to end; those still alive are then
     * killed. Returns when every process thread has ended. Idempotent.
     */
    @Override
    void close();

    /** Builds a {@link Node}. Not thread-safe; build on one thread. */
    final class Builder {
        String name;
        Scheduler scheduler;
        Clock clock;
        Duration shutdownGrace = Duration.ofSeconds(5);
        int defaultMaxMailbox;

        Builder() {}

        /**
         * Names the node (default {@code node<N>}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Replaces the scheduler (the testkit's deterministic scheduler, for instance). The scheduler
         * must not be shared with another node.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Replaces the clock (virtual time, for instance).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long {@link Node#close()} waits for processes to end after {@code exit(shutdown)} before
         * it kills them (default 5 s).
         *
         * @param grace non-negative
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, got " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * A mailbox limit for processes spawned without one (default 0: no limit).
         *
         * @param limit most queued messages, 0 for none
         * @return this builder
         */
        public Builder defaultMaxMailbox(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("defaultMaxMailbox must be >= 0, got " + limit);
            }
            this.defaultMaxMailbox = limit;
            return this;
        }

        /** {@return builds and starts the node} */
        public Node build() {
            return new LocalNode(this);
        }
    }
}
