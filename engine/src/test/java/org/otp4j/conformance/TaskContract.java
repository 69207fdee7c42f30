package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.task.StreamOptions;
import org.otp4j.task.Task;
import org.otp4j.task.TaskExitException;
import org.otp4j.task.TaskResult;

/** SEMANTICS.md TK1-TK4: tasks. */
public abstract class TaskContract extends ConformanceBase {

    protected TaskContract(NodeFactory factory) {
        super(factory);
    }

    @Test
    void TK1_asyncLinksCallerAndTaskOnlyTheOwnerAwaitsAndOnlyOnce() {
        List<Object> got = run(self -> {
            Task<Integer> task = Task.async(self, p -> 6 * 7);
            boolean linked = node.info(self.self())
                    .orElseThrow()
                    .links()
                    .contains(task.pid().orElseThrow());
            Integer value = Task.await(self, task);
            String again;
            try {
                Task.await(self, task);
                again = "awaited twice";
            } catch (IllegalStateException e) {
                again = e.getMessage();
            }
            Task<Integer> other = Task.async(self, p -> 1);
            String notOwner = self.spawn(p -> {}).toString();
            Object fromOther = run2(self, other);
            Task.await(self, other);
            return List.of(linked, value, again, fromOther, notOwner);
        });
        assertEquals(true, got.get(0), "async links the task to its owner");
        assertEquals(42, got.get(1));
        assertTrue(got.get(2).toString().contains("a task is awaited once"), got.get(2)::toString);
        assertTrue(got.get(3).toString().contains("only the owner"), got.get(3)::toString);
    }

    /** Tries to await {@code task} from another process; returns the failure message. */
    private static Object run2(org.otp4j.ProcessContext self, Task<Integer> task) {
        org.otp4j.Pid me = self.self();
        self.spawn(p -> {
            try {
                Task.await(p, task);
                p.send(me, "awaited by a stranger");
            } catch (IllegalStateException e) {
                p.send(me, e.getMessage());
            }
        });
        return expect(self, Matcher.type(String.class), "the stranger's outcome");
    }

    @Test
    void TK2_awaitTimesOutYieldLeavesTheTaskRunningAndManyKeepInputOrder() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            Task<String> slow = Task.async(self, p -> {
                p.receive(m -> m.equals("go") ? m : null);
                return "finally";
            });
            out.add(Task.yield(self, slow, Duration.ofMillis(20))); // empty: still running
            slow.pid().ifPresent(pid -> self.send(pid, "go"));
            out.add(Task.yield(self, slow, Duration.ofSeconds(5)));
            Task<String> never = Task.async(self, p -> p.receive(m -> null).toString());
            try {
                Task.await(self, never, Duration.ofMillis(20));
            } catch (TaskExitException e) {
                out.add(e.reason());
            }
            Task.shutdown(self, never, Duration.ZERO);
            List<Task<Integer>> many = new ArrayList<>();
            for (int i = 3; i >= 1; i--) {
                int n = i;
                many.add(Task.async(self, p -> {
                    p.receive(m -> null, Duration.ofMillis(n * 10)); // later inputs finish first
                    return n;
                }));
            }
            out.add(Task.awaitMany(self, many, Duration.ofSeconds(5)));
            List<Task<Integer>> more = List.of(Task.async(self, p -> 1), Task.completed(self, 2));
            out.add(Task.yieldMany(self, more, Duration.ofSeconds(5)));
            return out;
        });
        assertEquals(Optional.empty(), got.get(0));
        assertEquals(Optional.of(new TaskResult.Ok<>("finally")), got.get(1));
        assertEquals(ExitReason.of("timeout"), got.get(2));
        assertEquals(List.of(3, 2, 1), got.get(3), "awaitMany keeps the input order");
        assertEquals(List.of(Optional.of(new TaskResult.Ok<>(1)), Optional.of(new TaskResult.Ok<>(2))), got.get(4));
    }

    @Test
    void TK3_shutdownReturnsARacedReplyTheExitOrNothing() {
        List<Object> got = run(self -> {
            self.trapExit(true); // so that the crashing task shows as an exit, not our death
            Task<String> done = Task.async(self, p -> "raced in");
            expect(self, m -> m instanceof Exit e ? e : null, "the finished task's EXIT"); // it has finished
            Optional<TaskResult<String>> raced = Task.shutdown(self, done, Duration.ofSeconds(1));
            Task<String> crashed = Task.async(self, p -> {
                throw new IllegalStateException("task crash");
            });
            expect(self, m -> m instanceof Exit e && !e.reason().isNormal() ? e : null, "the crash");
            Optional<TaskResult<String>> exited = Task.shutdown(self, crashed, Duration.ofSeconds(1));
            Task<String> running = Task.async(self, p -> p.receive(m -> null).toString());
            Optional<TaskResult<String>> stopped = Task.shutdown(self, running, Duration.ofMillis(50));
            Task<String> brutal = Task.async(self, p -> p.receive(m -> null).toString());
            Optional<TaskResult<String>> killed = Task.shutdown(self, brutal, Duration.ZERO);
            return List.of(raced, exited, stopped, killed);
        });
        assertEquals(Optional.of(new TaskResult.Ok<>("raced in")), got.get(0));
        TaskResult.Exited<?> exited =
                assertInstanceOf(TaskResult.Exited.class, ((Optional<?>) got.get(1)).orElseThrow());
        assertInstanceOf(ExitReason.Failure.class, exited.reason());
        assertEquals(Optional.empty(), got.get(2));
        assertEquals(Optional.empty(), got.get(3));
    }

    @Test
    void TK4_asyncStreamIsLazyBoundedOrderedByDefaultAndHandlesTimeouts() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            var stream = Task.asyncStream(
                    self,
                    List.of(30, 10, 20),
                    (p, ms) -> {
                        p.receive(m -> null, Duration.ofMillis(ms));
                        return ms;
                    },
                    StreamOptions.defaults().maxConcurrency(2));
            out.add(node.processes().size()); // lazy: no task yet
            out.add(stream.map(r -> ((TaskResult.Ok<Integer>) r).value()).toList());
            List<Integer> unordered = Task.asyncStream(
                            self,
                            List.of(30, 10, 20),
                            (p, ms) -> {
                                p.receive(m -> null, Duration.ofMillis(ms));
                                return ms;
                            },
                            StreamOptions.defaults().maxConcurrency(3).ordered(false))
                    .map(r -> ((TaskResult.Ok<Integer>) r).value())
                    .toList();
            out.add(controlled() ? unordered : unordered.size());
            List<TaskResult<String>> timed = Task.asyncStream(
                            self,
                            List.of("quick", "stuck"),
                            (p, s) -> {
                                if (s.equals("stuck")) {
                                    p.receive(m -> null);
                                }
                                return s;
                            },
                            StreamOptions.defaults()
                                    .timeout(Duration.ofMillis(50), StreamOptions.OnTimeout.KILL_TASK)
                                    .zipInputOnExit(true))
                    .toList();
            out.add(timed);
            try {
                Task.asyncStream(
                                self,
                                List.of("stuck"),
                                (p, s) -> p.receive(m -> null).toString(),
                                StreamOptions.defaults().timeout(Duration.ofMillis(50), StreamOptions.OnTimeout.EXIT))
                        .toList();
                out.add("no failure");
            } catch (TaskExitException e) {
                out.add(e.reason());
            }
            return out;
        });
        assertEquals(1, got.get(0), "only the caller runs before the stream is consumed");
        assertEquals(List.of(30, 10, 20), got.get(1), "ordered by input, whatever finishes first");
        assertEquals(controlled() ? List.of(10, 20, 30) : 3, got.get(2), "unordered: as they finish");
        assertEquals(
                List.of(
                        new TaskResult.Ok<>("quick"),
                        new TaskResult.Exited<>(
                                ExitReason.of(new StreamOptions.Zipped("stuck", ExitReason.of("timeout"))))),
                got.get(3));
        assertEquals(ExitReason.of("timeout"), got.get(4));
    }

    @Test
    void TK5_taskSupervisorsRunTasksThatAreNotLinkedToTheirCallers() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            org.otp4j.Pid sup = org.otp4j.task.TaskSupervisor.startLink(self);
            Task<Integer> ok = org.otp4j.task.TaskSupervisor.asyncNolink(self, sup, p -> 5);
            out.add(Task.await(self, ok));
            Task<Integer> crash = org.otp4j.task.TaskSupervisor.asyncNolink(self, sup, p -> {
                throw new IllegalStateException("nolink crash");
            });
            try {
                Task.await(self, crash);
                out.add("no failure");
            } catch (TaskExitException e) {
                out.add(e.reason() instanceof ExitReason.Failure f ? f.error().getMessage() : e.reason());
            }
            out.add(node.isAlive(self.self())); // the crash did not reach the caller
            org.otp4j.Pid me = self.self();
            org.otp4j.task.TaskSupervisor.startChild(self, sup, p -> p.send(me, "fire and forget"));
            out.add(expect(self, m -> m.equals("fire and forget") ? m : null, "the child's message"));
            out.add(org.otp4j.task.TaskSupervisor.asyncStreamNolink(
                            self, sup, List.of(1, 2, 3), (p, n) -> n * 10, StreamOptions.defaults())
                    .map(r -> ((TaskResult.Ok<Integer>) r).value())
                    .toList());
            org.otp4j.Pid lingering = org.otp4j.task.TaskSupervisor.startChild(self, sup, p -> {
                while (true) { // answers pings, so the test can know its monitor is in place
                    Ping ping = p.receive(m -> m instanceof Ping x ? x : null);
                    p.send(ping.from(), new Pong(ping.token()));
                }
            });
            var watch = self.monitor(lingering);
            sync(self, lingering); // the MONITOR went before the ping: it is in place now
            self.unlink(sup);
            self.exit(sup, ExitReason.kill()); // the supervisor's end takes its children with it
            out.add(down(self, watch).reason());
            return out;
        });
        assertEquals(5, got.get(0));
        assertEquals("nolink crash", got.get(1));
        assertEquals(true, got.get(2));
        assertEquals("fire and forget", got.get(3));
        assertEquals(List.of(10, 20, 30), got.get(4));
        assertEquals(ExitReason.killed(), got.get(5));
    }

    @Test
    void TK4_aStreamLeftEarlyAndClosedLeavesNothingBehindAndTrappingOwnersGetNoExits() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            List<Object> out = new ArrayList<>();
            try (var stream = Task.asyncStream(
                    self,
                    List.of(1, 2, 3, 4),
                    (p, n) -> {
                        p.receive(m -> null, Duration.ofMillis(n * 10));
                        return n;
                    },
                    StreamOptions.defaults().maxConcurrency(4))) {
                out.add(stream.limit(1)
                        .map(r -> ((TaskResult.Ok<Integer>) r).value())
                        .toList());
            }
            out.add(Task.asyncStream(self, List.of(5, 6), (p, n) -> n, StreamOptions.defaults())
                    .count());
            out.add(Task.awaitMany(self, List.of(Task.async(self, p -> 7)), org.otp4j.server.GenServer.INFINITY));
            self.receive(m -> null, Duration.ofMillis(100)); // room for anything left behind to arrive
            out.add(self.receive(m -> m instanceof Exit ? null : m, Duration.ZERO)
                    .orElse("nothing left"));
            out.add(self.receive(m -> m instanceof Exit e && !e.reason().isNormal() ? m : null, Duration.ZERO)
                    .orElse("no abnormal exit"));
            return out;
        });
        assertEquals(List.of(1), got.get(0));
        assertEquals(2L, got.get(1));
        assertEquals(List.of(7), got.get(2));
        assertEquals("nothing left", got.get(3));
        assertEquals("no abnormal exit", got.get(4));
    }
}
