package org.otp4j.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.otp4j.Alias;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessFunction;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;

/**
 * A supervisor for tasks that are not linked to their callers (TK5): Elixir's {@code Task.Supervisor}.
 *
 * <p>The supervisor traps exits and starts each child linked to itself, as a temporary child: a child
 * that ends, however it ends, is not restarted, and the supervisor's own end takes its children with
 * it. A caller of {@link #asyncNolink} monitors its task but is not linked to it, so a crashing task
 * shows up in {@link Task#await} (as a {@link TaskExitException}) or {@link Task#yield} (as {@link
 * TaskResult.Exited}) instead of taking the caller down.
 */
public final class TaskSupervisor {
    private TaskSupervisor() {}

    private record StartChild(ProcessBody body) {}

    private record Children() {}

    private record Go() {}

    /** The supervisor: starts children linked to itself and forgets them when they end. */
    private static final class Server implements GenServer<List<Pid>> {
        @Override
        public InitResult<List<Pid>> init(ProcessContext self) {
            self.trapExit(true);
            return InitResult.ok(new ArrayList<>());
        }

        @Override
        public CallResult<List<Pid>> handleCall(ProcessContext self, Object request, From from, List<Pid> children) {
            if (request instanceof StartChild start) {
                Pid child = self.spawnLink(start.body());
                children.add(child);
                return CallResult.reply(child, children);
            }
            return CallResult.reply(List.copyOf(children), children);
        }

        @Override
        public Result<List<Pid>> handleInfo(ProcessContext self, Object message, List<Pid> children) {
            if (message instanceof Exit exit) {
                children.remove(exit.from()); // temporary: never restarted
            }
            return Result.noReply(children);
        }
    }

    /**
     * Starts a task supervisor linked to the caller.
     *
     * @param self the caller
     * @param options name, mailbox limit
     * @return the supervisor
     */
    public static Pid startLink(ProcessContext self, SpawnOptions options) {
        return GenServer.startLink(self, new Server(), options).pid();
    }

    /**
     * Starts a task supervisor linked to the caller, with default options.
     *
     * @param self the caller
     * @return the supervisor
     */
    public static Pid startLink(ProcessContext self) {
        return startLink(self, SpawnOptions.defaults());
    }

    /**
     * Starts a fire-and-forget child under the supervisor.
     *
     * @param self the caller
     * @param supervisor the task supervisor
     * @param body the child's code
     * @return the child
     */
    public static Pid startChild(ProcessContext self, Pid supervisor, ProcessBody body) {
        Objects.requireNonNull(body, "body must not be null");
        return (Pid) GenServer.call(self, supervisor, new StartChild(body));
    }

    /**
     * Starts a task under the supervisor, monitored by but not linked to the caller, which owns and
     * awaits it.
     *
     * @param self the owner
     * @param supervisor the task supervisor
     * @param function the computation
     * @param <T> the result type
     * @return the task
     */
    public static <T> Task<T> asyncNolink(ProcessContext self, Pid supervisor, ProcessFunction<T> function) {
        Objects.requireNonNull(function, "function must not be null");
        Alias alias = self.alias();
        Pid owner = self.self();
        Pid child = startChild(self, supervisor, p -> {
            Ref watch = p.monitor(owner);
            Object first = p.receive(
                    m -> m instanceof Go || (m instanceof Down d && d.ref().equals(watch)) ? m : null);
            if (first instanceof Down) {
                return; // the owner died before it could watch this task: nobody waits for it
            }
            p.demonitor(watch, true); // starts once its owner watches it
            T value = function.apply(p);
            p.send(
                    alias,
                    new Task.Result(alias.ref(), Objects.requireNonNull(value, "a task's result must not be null")));
        });
        Ref monitor = self.monitor(child);
        self.send(child, new Go());
        return Task.of(child, self.self(), monitor, alias);
    }

    /**
     * {@link Task#asyncStream} with each task under the supervisor, not linked to the caller.
     *
     * @param self the owner, which must consume the stream
     * @param supervisor the task supervisor
     * @param inputs the inputs
     * @param function the computation per input
     * @param options concurrency, order, timeout
     * @param <I> the input type
     * @param <R> the result type
     * @return a lazy stream of outcomes
     */
    public static <I, R> Stream<TaskResult<R>> asyncStreamNolink(
            ProcessContext self,
            Pid supervisor,
            Iterable<I> inputs,
            Task.TaskFunction<I, R> function,
            StreamOptions options) {
        Objects.requireNonNull(function, "function must not be null");
        return Task.stream(
                self, inputs, input -> asyncNolink(self, supervisor, p -> function.apply(p, input)), options);
    }

    /**
     * The supervisor's running children.
     *
     * @param self the caller
     * @param supervisor the task supervisor
     * @return the children
     */
    @SuppressWarnings("unchecked")
    public static List<Pid> children(ProcessContext self, Pid supervisor) {
        return (List<Pid>) GenServer.call(self, supervisor, new Children());
    }
}
