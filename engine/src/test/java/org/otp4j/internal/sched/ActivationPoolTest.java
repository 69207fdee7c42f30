package org.otp4j.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;

/**
 * The production scheduler's worker pool: handler activations share long-lived virtual threads, yet a
 * handler may block anywhere, and a kill interrupts only the activation it is aimed at. Waits are
 * latches with bounds, never sleeps.
 */
class ActivationPoolTest {
    private static final long BOUND_SECONDS = 10;

    @RepeatedTest(5)
    void handlersBlockedOutsideTheEngine_doNotHoldUpOtherActivations() throws Exception {
        int n = 200; // far more than carriers: each blocked handler needs a worker of its own
        CountDownLatch blocked = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        try (Node node = Node.builder().build()) {
            for (int i = 0; i < n; i++) {
                Pid p = node.spawn((self, m) -> {
                    blocked.countDown();
                    assertTrue(release.await(BOUND_SECONDS, TimeUnit.SECONDS));
                    done.countDown();
                });
                node.send(p, "block");
            }
            assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS), "every handler blocked at once");
            release.countDown();
            assertTrue(done.await(BOUND_SECONDS, TimeUnit.SECONDS), "every handler finished");
        }
    }

    @RepeatedTest(4)
    void everySubmissionRuns_exactlyOnce_whileWorkersGoIdleStartAndEnd(RepetitionInfo repetition) throws Exception {
        // The wake-up protocol: a submission that sees no searching worker signals one, and a worker that
        // stops searching looks at the queue once more. A lost wake-up shows as a stall here.
        boolean spin = repetition.getCurrentRepetition() % 2 == 0;
        ActivationPool pool = new ActivationPool(spin, Thread.ofVirtual().factory());
        try {
            // round trips: the only worker goes idle between two, racing the next submission
            Semaphore done = new Semaphore(0);
            for (int i = 0; i < 2_000; i++) {
                pool.submit(() -> pool.submit(done::release)); // a nested submission, as a handler's send
                assertTrue(done.tryAcquire(BOUND_SECONDS, TimeUnit.SECONDS), "round trip " + i + " stalled");
            }
            // several producers; a few activations block, so workers are started, then more than MAX_IDLE
            // go idle and the rest end
            int producers = 4;
            int each = 1_500;
            AtomicIntegerArray runs = new AtomicIntegerArray(producers * each);
            CountDownLatch all = new CountDownLatch(producers * each);
            for (int p = 0; p < producers; p++) {
                int id = p;
                Runnable producer = () -> {
                    for (int i = 0; i < each; i++) {
                        int key = id * each + i;
                        boolean block = ThreadLocalRandom.current().nextInt(50) == 0;
                        pool.submit(() -> {
                            if (block) {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                            }
                            runs.incrementAndGet(key);
                            all.countDown();
                        });
                    }
                };
                (p % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(producer);
            }
            assertTrue(all.await(BOUND_SECONDS, TimeUnit.SECONDS), () -> all.getCount() + " activations never ran");
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "runs of activation " + i);
            }
        } finally {
            pool.close(Duration.ofSeconds(BOUND_SECONDS));
        }
    }

    @RepeatedTest(5)
    void killingAHandlerBlockedOutsideTheEngine_endsItWithKilled() {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (Node node = Node.builder().build()) {
            Pid victim = node.spawn((self, m) -> {
                blocked.countDown();
                never.await(); // interrupted by the kill
            });
            Down down = node.run(self -> {
                var ref = self.monitor(victim);
                self.send(victim, "block");
                assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS));
                self.exit(victim, ExitReason.kill());
                return self.receive(
                                m -> m instanceof Down d && d.ref().equals(ref) ? d : null,
                                Duration.ofSeconds(BOUND_SECONDS))
                        .orElseThrow(() -> new AssertionError("the kill did not break the handler out"));
            });
            assertEquals(ExitReason.killed(), down.reason());
        }
    }

    @RepeatedTest(20)
    void anInterruptAimedAtAFinishedActivation_doesNotReachTheNext() throws Exception {
        ActivationPool pool = new ActivationPool(false, Thread.ofVirtual().factory());
        Runnable first = () -> {};
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch interruptSent = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean secondInterrupted = new AtomicBoolean();
        pool.submit(() -> {
            worker.set(Thread.currentThread());
            firstDone.countDown();
        });
        assertTrue(firstDone.await(BOUND_SECONDS, TimeUnit.SECONDS));
        pool.submit(() -> {
            secondStarted.countDown();
            try {
                assertTrue(interruptSent.await(BOUND_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                secondInterrupted.set(true);
            }
            secondInterrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
        });
        assertTrue(secondStarted.await(BOUND_SECONDS, TimeUnit.SECONDS));
        // aimed at an activation the worker is no longer running (or a different one): no interrupt
        assertTrue(pool.interruptIfRunning(worker.get(), first));
        interruptSent.countDown();
        pool.close(Duration.ofSeconds(BOUND_SECONDS));
        assertFalse(secondInterrupted.get(), "an interrupt for another activation reached this one");
    }

    @RepeatedTest(20)
    void anInterruptAimedAtTheRunningActivation_reachesIt_andIsClearedBeforeTheNext() throws Exception {
        ActivationPool pool = new ActivationPool(false, Thread.ofVirtual().factory());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Runnable victim = new Runnable() {
            @Override
            public void run() {
                worker.set(Thread.currentThread());
                started.countDown();
                try {
                    new CountDownLatch(1).await(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                Thread.currentThread().interrupt(); // left set on purpose: the pool must clear it
            }
        };
        pool.submit(victim);
        assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.interruptIfRunning(worker.get(), victim));
        assertTrue(interrupted.await(BOUND_SECONDS, TimeUnit.SECONDS), "the running activation was interrupted");

        List<Boolean> seen = new ArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch next = new CountDownLatch(1);
        pool.submit(() -> {
            threads.add(Thread.currentThread());
            seen.add(Thread.currentThread().isInterrupted());
            next.countDown();
        });
        assertTrue(next.await(BOUND_SECONDS, TimeUnit.SECONDS));
        pool.close(Duration.ofSeconds(BOUND_SECONDS));
        assertEquals(List.of(false), seen, "the next activation started with a clean interrupt flag");
        assertFalse(pool.interruptIfRunning(Thread.currentThread(), victim), "a thread not in the pool");
    }

    @Test
    void aWorkerThatCouldNotStart_doesNotLeaveThePoolWaitingForIt() throws Exception {
        // signal() counts the worker it starts as searching before it starts it; if the start fails and
        // the count stays, every later submission believes someone is looking and wakes no one.
        AtomicBoolean failNext = new AtomicBoolean(true);
        ThreadFactory virtual = Thread.ofVirtual().factory();
        ActivationPool pool = new ActivationPool(false, r -> {
            if (failNext.getAndSet(false)) {
                throw new OutOfMemoryError("unable to create a thread (simulated by the test)");
            }
            return virtual.newThread(r);
        });
        CountDownLatch ran = new CountDownLatch(2);
        assertThrows(OutOfMemoryError.class, () -> pool.submit(ran::countDown));
        pool.submit(ran::countDown); // starts a worker, which runs both (the first stayed queued)
        assertTrue(ran.await(BOUND_SECONDS, TimeUnit.SECONDS), "activations submitted after a failed start ran");
        pool.close(Duration.ofSeconds(BOUND_SECONDS));
    }

    /**
     * A channel whose close throws. {@code Thread.interrupt} closes the channel its target is blocked in
     * ({@code begin()}), so an interrupt can throw.
     */
    private static final class ThrowingChannel extends AbstractInterruptibleChannel {
        void enter() {
            begin(); // the calling thread is now blocked in this channel, as far as interrupts go
        }

        void leave() {
            try {
                end(false);
            } catch (java.io.IOException expected) {
                // ClosedByInterruptException
            }
        }

        @Override
        protected void implCloseChannel() {
            throw new IllegalStateException("a channel that fails to close (expected by the test)");
        }
    }

    @Test
    void anInterruptThatThrows_stillLetsTheWorkerMoveOn() throws Exception {
        // Thread.interrupt closes the channel its target is blocked in, and that close may throw. The
        // activation's worker then waited forever, spinning on its carrier, for the end of an interrupt
        // that had already ended.
        ActivationPool pool = new ActivationPool(false, Thread.ofVirtual().factory());
        ThrowingChannel channel = new ThrowingChannel();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Runnable victim = () -> {
            worker.set(Thread.currentThread());
            channel.enter();
            started.countDown();
            try {
                go.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException expected) {
                // the interrupt's flag was set before its close threw
            }
            channel.leave();
        };
        pool.submit(victim);
        assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS));
        try {
            pool.interruptIfRunning(worker.get(), victim);
        } catch (IllegalStateException expected) {
            // from the channel's close
        }
        go.countDown(); // the activation ends
        try {
            pool.close(Duration.ofSeconds(BOUND_SECONDS));
            assertFalse(worker.get().isAlive(), "the worker went on and ended when the pool closed");
        } finally {
            unstick(pool, worker.get(), victim);
        }
    }

    /**
     * If the test failed, its worker spins until its activation is put back: do that, so that it does not
     * take a carrier from every later test.
     */
    private static void unstick(ActivationPool pool, Thread thread, Runnable activation) throws Exception {
        Field runners = ActivationPool.class.getDeclaredField("runners");
        runners.setAccessible(true);
        Object w = ((Map<?, ?>) runners.get(pool)).get(thread);
        if (w != null) {
            Field current = w.getClass().getSuperclass().getDeclaredField("current");
            current.setAccessible(true);
            if (current.get(w) != null && current.get(w) != activation) {
                current.set(w, activation);
            }
        }
    }
}
