package org.otp4j.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Alias;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessFunction;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.internal.gen.Gen;

/**
 * A computation in its own process whose result its owner awaits: Elixir's {@code Task}.
 *
 * {@snippet :
 * Task<Integer> a = Task.async(self, p -> expensive(1));
 * Task<Integer> b = Task.async(self, p -> expensive(2));
 * int sum = Task.await(self, a) + Task.await(self, b); // 5 s each by default
 * }
 *
 * <p>{@link #async} links the task to its owner (a crash in the task takes the owner down unless it
 * traps exits, and the owner's death ends the task) and monitors it. Only the owner may await a task,
 * and only once. The result travels to an alias of the owner, so a result that arrives after the owner
 * gave up (a timeout, a shutdown) is dropped, never received.
 *
 * @param <T> the result type
 */
public final class Task<T> {
    private final Pid pid;
    private final Pid owner;
    private final Ref monitor;
    private final Alias alias; // where the result goes; deactivated once the task is settled
    private final T completedValue; // for completed(); pid is null then
    private boolean settled; // awaited, yielded a result, or shut down

    private Task(Pid pid, Pid owner, Ref monitor, Alias alias, T completedValue) {
        this.pid = pid;
        this.owner = owner;
        this.monitor = monitor;
        this.alias = alias;
        this.completedValue = completedValue;
    }

    /** The result message of a task. */
    record Result(Ref tag, Object value) {}

    /** A task started by someone else (a task supervisor) that the owner monitors and awaits. */
    static <T> Task<T> of(Pid pid, Pid owner, Ref monitor, Alias alias) {
        return new Task<>(pid, owner, monitor, alias, null);
    }

    /** {@return the task's process, or empty for a task made by {@link #completed}} */
    public Optional<Pid> pid() {
        return Optional.ofNullable(pid);
    }

    /** {@return the process that owns (and alone may await) the task} */
    public Pid owner() {
        return owner;
    }

    // ---- starting -------------------------------------------------------------------------------

    /**
     * Starts {@code function} in a new process, linked to and monitored by the caller (TK1).
     *
     * @param self the owner
     * @param function the computation; its result must not be null
     * @param <T> the result type
     * @return the task
     */
    public static <T> Task<T> async(ProcessContext self, ProcessFunction<T> function) {
        Objects.requireNonNull(function, "function must not be null");
        Alias alias = self.alias();
        var spawned = self.spawnMonitor(
                p -> {
                    T value = function.apply(p);
                    p.send(
                            alias,
                            new Result(alias.ref(), Objects.requireNonNull(value, "a task's result must not be null")));
                },
                SpawnOptions.defaults(),
                true);
        return new Task<>(spawned.pid(), self.self(), spawned.monitor(), alias, null);
    }

    /**
     * A task that is already done with {@code value}, for code that handles tasks uniformly.
     *
     * @param self the owner
     * @param value the result
     * @param <T> the result type
     * @return the task
     */
    public static <T> Task<T> completed(ProcessContext self, T value) {
        return new Task<>(null, self.self(), null, null, Objects.requireNonNull(value, "value must not be null"));
    }

    // ---- waiting --------------------------------------------------------------------------------

    /**
     * Waits up to 5 seconds for the task's result.
     *
     * @param self the owner
     * @param task the task
     * @param <T> the result type
     * @return the result
     * @throws TaskExitException if the task ended without a result, or with reason {@code timeout}
     */
    public static <T> T await(ProcessContext self, Task<T> task) {
        return await(self, task, Duration.ofSeconds(5));
    }

    /**
     * Waits for the task's result (TK2); on timeout the caller fails and the task keeps running.
     *
     * @param self the owner
     * @param task the task
     * @param timeout how long to wait
     * @param <T> the result type
     * @return the result
     * @throws TaskExitException if the task ended without a result, or the timeout passed
     */
    public static <T> T await(ProcessContext self, Task<T> task, Duration timeout) {
        task.checkOwner(self, "await");
        if (task.settled) {
            throw new IllegalStateException("task " + task.pid + " was already awaited: a task is awaited once");
        }
        Optional<TaskResult<T>> r = task.receive(self, timeout);
        if (r.isEmpty()) {
            throw new TaskExitException(
                    "task " + task.pid + " did not finish within " + timeout, ExitReason.of("timeout"));
        }
        return switch (r.get()) {
            case TaskResult.Ok<T> ok -> ok.value();
            case TaskResult.Exited<T> exited ->
                throw new TaskExitException("task " + task.pid + " exited: " + exited.reason(), exited.reason());
        };
    }

    /**
     * Waits up to {@code timeout} for the task (TK2): its result, its exit, or nothing (empty) if it is
     * still running, in which case it keeps running and may be yielded or awaited again.
     *
     * @param self the owner
     * @param task the task
     * @param timeout how long to wait
     * @param <T> the result type
     * @return the outcome, or empty
     */
    public static <T> Optional<TaskResult<T>> yield(ProcessContext self, Task<T> task, Duration timeout) {
        task.checkOwner(self, "yield");
        if (task.settled) {
            throw new IllegalStateException("task " + task.pid + " was already awaited: a task is awaited once");
        }
        return task.receive(self, timeout);
    }

    /**
     * Yields several tasks with one deadline; the answers keep the input order (TK2).
     *
     * @param self the owner
     * @param tasks the tasks
     * @param timeout the shared bound
     * @param <T> the result type
     * @return one entry per task, in order: its outcome, or empty if still running
     */
    public static <T> List<Optional<TaskResult<T>>> yieldMany(
            ProcessContext self, List<Task<T>> tasks, Duration timeout) {
        long deadline = deadline(self, timeout);
        List<Optional<TaskResult<T>>> out = new ArrayList<>();
        for (Task<T> t : tasks) {
            out.add(Task.yield(self, t, left(self, deadline, timeout)));
        }
        return out;
    }

    /**
     * Awaits several tasks with one deadline; the results keep the input order (TK2).
     *
     * @param self the owner
     * @param tasks the tasks
     * @param timeout the shared bound
     * @param <T> the result type
     * @return the results, in order
     * @throws TaskExitException for the first task that ended without a result, or on timeout
     */
    public static <T> List<T> awaitMany(ProcessContext self, List<Task<T>> tasks, Duration timeout) {
        long deadline = deadline(self, timeout);
        List<T> out = new ArrayList<>();
        for (Task<T> t : tasks) {
            out.add(await(self, t, left(self, deadline, timeout)));
        }
        return out;
    }

    /**
     * Stops a task (TK3): unlinks it, asks it to exit with {@code shutdown}, and kills it if it has not
     * ended within {@code timeout}.
     *
     * @param self the owner
     * @param task the task
     * @param timeout how long it may take to stop ({@link Duration#ZERO} kills at once)
     * @param <T> the result type
     * @return its result if it raced in, its exit if it died of something else, or empty
     */
    public static <T> Optional<TaskResult<T>> shutdown(ProcessContext self, Task<T> task, Duration timeout) {
        task.checkOwner(self, "shut down");
        if (task.settled) {
            return Optional.empty();
        }
        if (task.pid == null) {
            task.settled = true;
            return Optional.of(new TaskResult.Ok<>(task.completedValue));
        }
        self.unlink(task.pid);
        self.exit(task.pid, timeout.isZero() ? ExitReason.kill() : ExitReason.shutdown());
        Optional<TaskResult<T>> r = task.receive(self, timeout);
        if (r.isEmpty()) {
            self.exit(task.pid, ExitReason.kill());
            r = task.receive(self, Gen.isInfinite(timeout) ? timeout : Duration.ofDays(365));
        }
        task.settle(self);
        return switch (r.orElseThrow()) {
            case TaskResult.Ok<T> ok -> Optional.of(ok);
            case TaskResult.Exited<T> exited ->
                exited.reason().equals(ExitReason.shutdown()) || exited.reason().equals(ExitReason.killed())
                        ? Optional.empty()
                        : Optional.of(exited);
        };
    }

    // ---- streams ----------------------------------------------------------------------------------

    /**
     * Runs {@code function} over {@code inputs} in tasks, at most {@code maxConcurrency} at a time (TK4):
     * Elixir's {@code Task.async_stream}. Nothing starts until the stream is consumed, on the owner's
     * thread. Each element is {@link TaskResult.Ok} or {@link TaskResult.Exited}. The tasks are linked to
     * the owner: a crashing task fails the owner unless it traps exits (then it shows as Exited), and the
     * owner's death ends them all.
     *
     * @param self the owner, which must consume the stream
     * @param inputs the inputs
     * @param function the computation per input
     * @param options concurrency, order, timeout
     * @param <I> the input type
     * @param <R> the result type
     * @return a lazy, sequential stream of outcomes; close it (try-with-resources) when it may be left
     *     before its end (a {@code limit}, {@code findFirst}, an exception), so that the tasks still
     *     running are shut down and their messages flushed
     */
    public static <I, R> java.util.stream.Stream<TaskResult<R>> asyncStream(
            ProcessContext self, Iterable<I> inputs, TaskFunction<I, R> function, StreamOptions options) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(function, "function must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return stream(self, inputs, input -> Task.async(self, p -> function.apply(p, input)), options);
    }

    /** A lazy stream over {@code inputs}, each started as a task by {@code start}. */
    static <I, R> java.util.stream.Stream<TaskResult<R>> stream(
            ProcessContext self,
            Iterable<I> inputs,
            java.util.function.Function<I, Task<R>> start,
            StreamOptions options) {
        AsyncSpliterator<I, R> tasks = new AsyncSpliterator<>(self, inputs, start, options);
        return java.util.stream.StreamSupport.stream(tasks, false).onClose(tasks::close);
    }

    /**
     * A computation over one input, run in its own task.
     *
     * @param <I> the input type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface TaskFunction<I, R> {
        /**
         * Computes the result for one input.
         *
         * @param self the task's context
         * @param input the input
         * @return the result, not null
         * @throws Exception ends the task with the exception
         */
        R apply(ProcessContext self, I input) throws Exception;
    }

    private static final class AsyncSpliterator<I, R>
            extends java.util.Spliterators.AbstractSpliterator<TaskResult<R>> {
        private record Running<I, R>(I input, Task<R> task, long deadline) {}

        private final ProcessContext self;
        private final java.util.Iterator<I> inputs;
        private final java.util.function.Function<I, Task<R>> start;
        private final StreamOptions options;
        private final java.util.ArrayDeque<Running<I, R>> running = new java.util.ArrayDeque<>();

        AsyncSpliterator(
                ProcessContext self,
                Iterable<I> inputs,
                java.util.function.Function<I, Task<R>> start,
                StreamOptions options) {
            super(Long.MAX_VALUE, ORDERED);
            this.self = self;
            this.inputs = inputs.iterator();
            this.start = start;
            this.options = options;
        }

        @Override
        public boolean tryAdvance(java.util.function.Consumer<? super TaskResult<R>> action) {
            while (running.size() < options.maxConcurrency() && inputs.hasNext()) {
                I input = inputs.next();
                Task<R> task = start.apply(input);
                running.addLast(new Running<>(input, task, deadline(self, options.timeout())));
            }
            if (running.isEmpty()) {
                return false;
            }
            Running<I, R> done;
            Optional<TaskResult<R>> r;
            if (options.ordered()) {
                done = running.peekFirst();
                r = done.task().receive(self, left(self, done.deadline(), options.timeout()));
            } else {
                done = earliestDeadline();
                Optional<Object> answer = self.receive(
                        x -> running.stream().anyMatch(run -> run.task().answers(x)) ? x : null,
                        left(self, done.deadline(), options.timeout()));
                if (answer.isPresent()) {
                    Object x = answer.get();
                    done = running.stream()
                            .filter(run -> run.task().answers(x))
                            .findFirst()
                            .orElseThrow();
                }
                Running<I, R> settled = done;
                r = answer.map(x -> settled.task().settleWith(self, x));
            }
            running.remove(done);
            if (r.isPresent()) {
                done.task().forget(self); // a trapping owner gets no EXIT per item
            }
            if (r.isEmpty()) { // the timeout passed
                if (options.onTimeout() == StreamOptions.OnTimeout.EXIT) {
                    for (Running<I, R> other : running) {
                        shutdown(self, other.task(), Duration.ZERO);
                    }
                    shutdown(self, done.task(), Duration.ZERO);
                    throw new TaskExitException(
                            "a task of asyncStream did not finish within " + options.timeout(),
                            ExitReason.of("timeout"));
                }
                shutdown(self, done.task(), Duration.ZERO);
                r = Optional.of(new TaskResult.Exited<>(ExitReason.of("timeout")));
            }
            TaskResult<R> result = r.get();
            if (result instanceof TaskResult.Exited<R> e && options.zipInputOnExit()) {
                result = new TaskResult.Exited<>(ExitReason.of(new StreamOptions.Zipped(done.input(), e.reason())));
            }
            action.accept(result);
            return true;
        }

        /** Shuts down the tasks still running: the stream was closed before its end. */
        void close() {
            while (!running.isEmpty()) {
                Task<R> t = running.pollFirst().task();
                shutdown(self, t, Duration.ZERO);
                t.forget(self);
            }
        }

        private Running<I, R> earliestDeadline() {
            Running<I, R> earliest = running.peekFirst();
            for (Running<I, R> r : running) {
                if (r.deadline() < earliest.deadline()) {
                    earliest = r;
                }
            }
            return earliest;
        }
    }

    // ---- internals ------------------------------------------------------------------------------

    /** A deadline {@code timeout} from now; {@link Long#MAX_VALUE} for an infinite one. */
    private static long deadline(ProcessContext self, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return Gen.isInfinite(timeout) ? Long.MAX_VALUE : self.monotonicTime() + timeout.toNanos();
    }

    /** The time left until {@code deadline}; the infinite timeout itself for an infinite one. */
    private static Duration left(ProcessContext self, long deadline, Duration timeout) {
        return deadline == Long.MAX_VALUE ? timeout : Duration.ofNanos(Math.max(0, deadline - self.monotonicTime()));
    }

    private void checkOwner(ProcessContext self, String what) {
        if (!self.self().equals(owner)) {
            throw new IllegalStateException(
                    "only the owner " + owner + " of task " + pid + " may " + what + " it, not " + self.self());
        }
    }

    /** The result or the DOWN, whichever comes first within the timeout; settles the task on either. */
    @SuppressWarnings("unchecked")
    private Optional<TaskResult<T>> receive(ProcessContext self, Duration timeout) {
        if (pid == null) {
            settled = true;
            return Optional.of(new TaskResult.Ok<>(completedValue));
        }
        Matcher<Object> m = x -> answers(x) ? x : null;
        Optional<Object> got = Gen.isInfinite(timeout) ? Optional.of(self.receive(m)) : self.receive(m, timeout);
        return got.map(answer -> settleWith(self, answer));
    }

    /** Whether {@code message} is this task's result or DOWN. */
    private boolean answers(Object message) {
        return (message instanceof Result r && r.tag().equals(alias.ref()))
                || (message instanceof Down d && d.ref().equals(monitor));
    }

    /** Settles the task with its result or DOWN, already received. */
    @SuppressWarnings("unchecked")
    private TaskResult<T> settleWith(ProcessContext self, Object answer) {
        settle(self);
        if (answer instanceof Result r) {
            return new TaskResult.Ok<>((T) r.value());
        }
        return new TaskResult.Exited<>(((Down) answer).reason());
    }

    /** Unlinks a settled task and flushes its EXIT, for owners that trap exits. */
    private void forget(ProcessContext self) {
        if (pid != null && self.self().equals(owner)) {
            self.unlink(pid); // exits from it are dropped from now on (E7)
            self.receive(m -> m instanceof Exit e && e.from().equals(pid) ? m : null, Duration.ZERO);
        }
    }

    private void settle(ProcessContext self) {
        if (!settled) {
            settled = true;
            self.unalias(alias); // a result that comes later is dropped
            self.demonitor(monitor, true);
        }
    }

    @Override
    public String toString() {
        return "Task[" + (pid == null ? "completed" : pid) + ", owner " + owner + "]";
    }
}
