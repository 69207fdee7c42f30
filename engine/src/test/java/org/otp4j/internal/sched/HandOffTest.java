package org.otp4j.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;

/**
 * A call to an idle handler process that lets its callers run it ({@code SpawnOptions.callerRuns}) runs
 * the server's activation on the caller's thread ({@code Scheduler.handOff}): what that may and may not
 * change; and without the option, it never does. The activation handles one message and
 * hands the rest to the pool; a kill of the server interrupts it there and the interrupt does not
 * outlive it; a kill of the caller does not interrupt the server's code it is running; a server on an
 * executor of its own is never run by its callers. Production scheduler; every wait is bounded.
 */
class HandOffTest {
    private static final long BOUND_SECONDS = 10;
    private static final int TRIES = 1_000; // calls until one is handed off (the first usually is)
    private static final SpawnOptions CALLER_RUNS = SpawnOptions.defaults().callerRuns(true);

    /**
     * A server that answers {@code "where"} with the thread it ran on, blocks in {@code "block"} until
     * released, and on {@code "burst"} sends itself messages whose handling threads it records.
     */
    private static final class Recorder implements GenServer<Integer> {
        final List<Thread> infoThreads = new CopyOnWriteArrayList<>();
        final CountDownLatch infos = new CountDownLatch(3);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<String> blockOutcome = new CompletableFuture<>();
        volatile Thread blockedOn; // the thread "block" ran on
        volatile Pid next; // a server to call on "relay"

        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n)
                throws Exception {
            switch ((String) request) {
                case "where" -> {
                    return CallResult.reply(Thread.currentThread(), n + 1);
                }
                case "burst" -> {
                    for (int i = 0; i < 3; i++) {
                        self.send(self.self(), "info");
                    }
                    return CallResult.reply(Thread.currentThread(), n + 1);
                }
                case "relay" -> {
                    Thread there = (Thread) GenServer.call(self, next, "where");
                    return CallResult.reply(List.of(Thread.currentThread(), there), n + 1);
                }
                case "block" -> {
                    blockedOn = Thread.currentThread();
                    entered.countDown();
                    try {
                        boolean released = release.await(BOUND_SECONDS, TimeUnit.SECONDS);
                        blockOutcome.complete(released ? "released" : "timed out");
                    } catch (InterruptedException e) {
                        blockOutcome.complete("interrupted");
                        throw e;
                    }
                    return CallResult.reply("done", n + 1);
                }
                default -> throw new IllegalArgumentException("unexpected request " + request);
            }
        }

        @Override
        public Result<Integer> handleInfo(ProcessContext self, Object message, Integer n) {
            infoThreads.add(Thread.currentThread());
            infos.countDown();
            return Result.noReply(n);
        }
    }

    private static Pid start(Node node, GenServer<?> server, SpawnOptions options) {
        return GenServer.start(node, server, options).pid();
    }

    /** Calls "where" until a call runs on the caller's own thread; true if one did. */
    private static boolean untilHandedOff(ProcessContext self, Pid server) {
        for (int i = 0; i < TRIES; i++) {
            if (GenServer.call(self, server, "where") == Thread.currentThread()) {
                return true;
            }
        }
        return false;
    }

    @RepeatedTest(5)
    void aCallToAnIdleServer_runsOnTheCallersThread_andOnlyItsFirstMessageDoes() throws Exception {
        try (Node node = Node.builder().build()) {
            Recorder r = new Recorder();
            Pid server = start(node, r, CALLER_RUNS);
            CompletableFuture<List<Thread>> seen = new CompletableFuture<>();
            node.spawn(self -> {
                boolean handedOff = untilHandedOff(self, server);
                // the server is idle now: the burst's call runs here, its three messages on the pool
                Thread burst = (Thread) GenServer.call(self, server, "burst");
                seen.complete(handedOff ? List.of(Thread.currentThread(), burst) : List.of());
            });
            List<Thread> threads = seen.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(2, threads.size(), "no call in " + TRIES + " ran on its caller's thread");
            assertEquals(threads.get(0), threads.get(1), "the call to the idle server ran on the caller's thread");
            assertTrue(r.infos.await(BOUND_SECONDS, TimeUnit.SECONDS), "the burst's messages were handled");
            for (Thread t : r.infoThreads) {
                assertNotEquals(threads.get(0), t, "a message after the first ran on the caller's thread");
            }
        }
    }

    @RepeatedTest(5)
    void aServerCallingAnIdleServer_runsItOnTheSameThread() throws Exception {
        try (Node node = Node.builder().build()) {
            Recorder last = new Recorder();
            Recorder first = new Recorder();
            first.next = start(node, last, CALLER_RUNS);
            Pid server = start(node, first, CALLER_RUNS);
            CompletableFuture<Object> seen = new CompletableFuture<>();
            node.spawn(self -> {
                untilHandedOff(self, first.next);
                for (int i = 0; i < TRIES; i++) {
                    @SuppressWarnings("unchecked")
                    List<Thread> both = (List<Thread>) GenServer.call(self, server, "relay");
                    if (both.get(0) == Thread.currentThread()) {
                        seen.complete(both.get(1) == Thread.currentThread());
                        return;
                    }
                }
                seen.complete("no relay ran on the caller's thread");
            });
            assertEquals(true, seen.get(BOUND_SECONDS, TimeUnit.SECONDS), "the second server ran there too");
        }
    }

    @RepeatedTest(5)
    void killingAServerRunningOnItsCallersThread_interruptsIt_andNotTheCallerAfterwards() throws Exception {
        try (Node node = Node.builder().build()) {
            Recorder r = new Recorder();
            Pid server = start(node, r, CALLER_RUNS);
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
            AtomicReference<Boolean> handedOff = new AtomicReference<>();
            AtomicReference<Thread> callerThread = new AtomicReference<>();
            node.spawn(self -> {
                callerThread.set(Thread.currentThread());
                handedOff.set(untilHandedOff(self, server));
                try {
                    outcome.complete(GenServer.call(self, server, "block"));
                } catch (CallException e) {
                    outcome.complete(e.reason());
                }
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            });
            assertTrue(r.entered.await(BOUND_SECONDS, TimeUnit.SECONDS), "the server blocked in its call");
            assertEquals(true, handedOff.get(), "an earlier call ran on the caller's thread");
            assertEquals(callerThread.get(), r.blockedOn, "the blocking call runs on the caller's thread");
            node.exit(server, ExitReason.kill());
            assertEquals("interrupted", r.blockOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(ExitReason.killed(), outcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertFalse(
                    interruptedAfter.get(BOUND_SECONDS, TimeUnit.SECONDS), "the server's interrupt reached its caller");
        }
    }

    @RepeatedTest(5)
    void killingTheCaller_whileItRunsTheServer_doesNotInterruptTheServer() throws Exception {
        try (Node node = Node.builder().build()) {
            Recorder r = new Recorder();
            Pid server = start(node, r, CALLER_RUNS);
            AtomicReference<Boolean> handedOff = new AtomicReference<>();
            AtomicReference<Thread> callerThread = new AtomicReference<>();
            Pid caller = node.spawn(self -> {
                callerThread.set(Thread.currentThread());
                handedOff.set(untilHandedOff(self, server));
                GenServer.call(self, server, "block");
            });
            CompletableFuture<Object> down = new CompletableFuture<>();
            CountDownLatch watching = new CountDownLatch(1);
            node.spawn(self -> {
                Ref ref = self.monitor(caller);
                watching.countDown();
                down.complete(self.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null));
            });
            assertTrue(watching.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(r.entered.await(BOUND_SECONDS, TimeUnit.SECONDS), "the server blocked in its call");
            assertEquals(true, handedOff.get(), "an earlier call ran on the caller's thread");
            assertEquals(callerThread.get(), r.blockedOn, "the blocking call runs on the caller's thread");
            node.exit(caller, ExitReason.kill());
            r.release.countDown();
            assertEquals("released", r.blockOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS), "the server ran undisturbed");
            assertEquals(ExitReason.killed(), down.get(BOUND_SECONDS, TimeUnit.SECONDS), "the caller died of the kill");
            CompletableFuture<Object> after = new CompletableFuture<>();
            node.spawn(self -> after.complete(GenServer.call(self, server, "where")));
            assertInstanceOf(Thread.class, after.get(BOUND_SECONDS, TimeUnit.SECONDS), "the server lives on");
        }
    }

    @RepeatedTest(5)
    void aHandedOffCallThatIsAnswered_leavesNoMonitor_andOneWhoseServerCrashes_reportsTheCrash_G2() throws Exception {
        try (Node node = Node.builder().build()) {
            Recorder r = new Recorder();
            Pid server = start(node, r, CALLER_RUNS);
            CompletableFuture<List<Object>> seen = new CompletableFuture<>();
            node.spawn(self -> {
                boolean handedOff = untilHandedOff(self, server);
                List<Object> monitors =
                        self.node().info(self.self()).orElseThrow().monitors();
                Object crash;
                try {
                    GenServer.call(self, server, "crash");
                    crash = "no exception";
                } catch (CallException e) {
                    crash = e.reason();
                }
                seen.complete(List.of(handedOff, monitors, crash));
            });
            List<Object> got = seen.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(true, got.get(0), "no call ran on its caller's thread");
            assertEquals(List.of(), got.get(1), "an answered call left a monitor");
            ExitReason crash = assertInstanceOf(ExitReason.Failure.class, got.get(2), "the call failed");
            assertInstanceOf(IllegalArgumentException.class, ((ExitReason.Failure) crash).error());
        }
    }

    @Test
    void aCallToAServerThatHasEnded_failsWithNoproc_G2() throws Exception {
        try (Node node = Node.builder().build()) {
            Pid server = start(node, new Recorder(), CALLER_RUNS);
            CompletableFuture<Object> down = new CompletableFuture<>();
            node.spawn(self -> {
                Ref ref = self.monitor(server);
                self.exit(server, ExitReason.kill());
                self.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
                try {
                    GenServer.call(self, server, "where");
                    down.complete("no exception");
                } catch (CallException e) {
                    down.complete(e.reason());
                }
            });
            assertEquals(ExitReason.noproc(), down.get(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @RepeatedTest(3)
    void aCallToAServerThatEndedOfAFullMailbox_failsWithNoproc_G2() throws Exception {
        try (Node node = Node.builder().build()) {
            BlockingCast b = new BlockingCast();
            Pid server = start(node, b, CALLER_RUNS.maxMailbox(3));
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            node.spawn(self -> {
                Ref ref = self.monitor(server);
                GenServer.cast(self, server, "block"); // blocks it, if it gets to it: the casts overflow anyway
                for (int i = 0; i < 5; i++) {
                    GenServer.cast(self, server, "more");
                }
                Object reason = self.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null);
                try {
                    GenServer.call(self, server, "where");
                    outcome.complete(List.of(reason, "no exception"));
                } catch (CallException e) {
                    outcome.complete(List.of(reason, e.reason()));
                }
            });
            assertEquals(
                    List.of(ExitReason.of(new SpawnOptions.MailboxOverflow(3)), ExitReason.noproc()),
                    outcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** A server blocked in foreign code in a cast (on a pool worker, not handed off) dies killed (E3). */
    private static final class BlockingCast implements GenServer<Integer> {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0);
        }

        @Override
        public Result<Integer> handleCast(ProcessContext self, Object request, Integer n) throws Exception {
            entered.countDown();
            new CountDownLatch(1).await(BOUND_SECONDS, TimeUnit.SECONDS);
            return Result.noReply(n);
        }
    }

    @RepeatedTest(5)
    void E3_killingAServerBlockedOutsideTheEngine_endsItWithKilled_notWithTheInterrupt() throws Exception {
        try (Node node = Node.builder().build()) {
            BlockingCast b = new BlockingCast();
            Pid server = start(node, b, SpawnOptions.defaults());
            CompletableFuture<Object> down = new CompletableFuture<>();
            CountDownLatch watching = new CountDownLatch(1);
            node.spawn(self -> {
                Ref ref = self.monitor(server);
                watching.countDown();
                down.complete(self.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null));
            });
            assertTrue(watching.await(BOUND_SECONDS, TimeUnit.SECONDS));
            GenServer.cast(node, server, "block");
            assertTrue(b.entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
            node.exit(server, ExitReason.kill());
            assertEquals(ExitReason.killed(), down.get(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void byDefault_aCallNeverRunsOnTheCallersThread() throws Exception {
        try (Node node = Node.builder().build()) {
            Pid server = start(node, new Recorder(), SpawnOptions.defaults());
            assertFalse(anyCallRanOnItsCallersThread(node, server));
        }
    }

    @Test
    void aServerOnAnExecutorOfItsOwn_neverRunsOnItsCallersThread_evenWithCallerRuns() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Node node = Node.builder().build()) {
            Pid server = start(node, new Recorder(), CALLER_RUNS.executor(executor));
            assertFalse(anyCallRanOnItsCallersThread(node, server));
        } finally {
            executor.shutdownNow();
        }
    }

    /** Makes 200 calls from one process; whether any of them ran on that process's thread. */
    private static boolean anyCallRanOnItsCallersThread(Node node, Pid server) throws Exception {
        CompletableFuture<Boolean> any = new CompletableFuture<>();
        node.spawn(self -> {
            boolean here = false;
            for (int i = 0; i < 200; i++) {
                here |= GenServer.call(self, server, "where") == Thread.currentThread();
            }
            any.complete(here);
        });
        return any.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
