package org.otp4j.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.otp4j.spi.Clock;

/**
 * The production clock's timing wheel: never early, in deadline order, cancellation, timers beyond one
 * turn of the wheel, deadlines already past, close, and many threads setting and cancelling at once.
 * Every wait is a latch with a bound.
 */
class SystemClockTest {
    private static final long BOUND_SECONDS = 10;
    private static final long MS = 1_000_000;

    private record Fired(long deadline, long at, int index) {}

    @RepeatedTest(5)
    void timersFireNeverBeforeTheirDeadline_andInDeadlineOrder() throws Exception {
        SystemClock clock = new SystemClock("test");
        try {
            Random random = new Random(42);
            int n = 40;
            List<Fired> fired = new CopyOnWriteArrayList<>();
            boolean[] setInTime = new boolean[n]; // set while its deadline was still ahead
            CountDownLatch all = new CountDownLatch(n);
            long base = clock.nanoTime() + 5 * MS;
            for (int i = 0; i < n; i++) {
                long deadline = base + random.nextLong(30 * MS);
                int index = i;
                clock.schedule(deadline, () -> {
                    fired.add(new Fired(deadline, clock.nanoTime(), index));
                    all.countDown();
                });
                setInTime[i] = clock.nanoTime() < deadline;
            }
            assertTrue(all.await(BOUND_SECONDS, TimeUnit.SECONDS), "every timer fired");
            for (Fired f : fired) {
                assertTrue(f.at() >= f.deadline(), () -> "fired early: " + f);
            }
            // A timer set after its deadline passed (the loop can stall on a busy machine, and the first
            // schedule starts the sweeper) fires as soon as it can, perhaps after a timer with a later
            // deadline that was due already: no clock orders those. A timer set in time is never preceded
            // by a timer with a later deadline.
            for (int k = 0; k < fired.size(); k++) {
                Fired f = fired.get(k);
                if (setInTime[f.index()]) {
                    for (Fired earlier : fired.subList(0, k)) {
                        assertTrue(
                                earlier.deadline() <= f.deadline(),
                                () -> "a timer with a later deadline fired first: " + earlier + " before " + f);
                    }
                }
            }
        } finally {
            clock.close();
        }
    }

    @Test
    void aCancelledTimerNeverFires() throws Exception {
        SystemClock clock = new SystemClock("test");
        try {
            AtomicInteger cancelledRuns = new AtomicInteger();
            CountDownLatch later = new CountDownLatch(1);
            long now = clock.nanoTime();
            Clock.Cancellable c = clock.schedule(now + 5 * MS, cancelledRuns::incrementAndGet);
            clock.schedule(now + 20 * MS, later::countDown);
            c.cancel();
            c.cancel(); // idempotent
            assertTrue(later.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, cancelledRuns.get());
        } finally {
            clock.close();
        }
    }

    @RepeatedTest(3)
    void timersBeyondOneTurnOfTheWheel_waitForTheirTurn() throws Exception {
        SystemClock clock = new SystemClock("test", 8); // a turn is 8 ticks, about 8 ms
        try {
            List<Fired> fired = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(3);
            long now = clock.nanoTime();
            long[] deadlines = {now + 45 * MS, now + 3 * MS, now + 25 * MS};
            for (int i = 0; i < deadlines.length; i++) {
                long d = deadlines[i];
                int index = i;
                clock.schedule(d, () -> {
                    fired.add(new Fired(d, clock.nanoTime(), index));
                    all.countDown();
                });
            }
            assertTrue(all.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of(1, 2, 0), fired.stream().map(Fired::index).toList());
            for (Fired f : fired) {
                assertTrue(f.at() >= f.deadline(), () -> "fired early: " + f);
            }
        } finally {
            clock.close();
        }
    }

    @Test
    void aDeadlineAlreadyPast_firesSoon() throws Exception {
        SystemClock clock = new SystemClock("test");
        try {
            clock.schedule(clock.nanoTime() + 2 * MS, () -> {}); // the sweeper is running
            CountDownLatch fired = new CountDownLatch(2);
            clock.schedule(clock.nanoTime() - 50 * MS, fired::countDown);
            clock.schedule(Long.MIN_VALUE / 2, fired::countDown);
            assertTrue(fired.await(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            clock.close();
        }
    }

    @Test
    void anActionThatThrows_doesNotStopTheOthers() throws Exception {
        SystemClock clock = new SystemClock("test");
        Thread.UncaughtExceptionHandler quiet = (t, e) -> {};
        try {
            CountDownLatch after = new CountDownLatch(1);
            long now = clock.nanoTime();
            clock.schedule(now + MS, () -> {
                Thread.currentThread().setUncaughtExceptionHandler(quiet);
                throw new IllegalStateException("a broken timer action (expected by the test)");
            });
            clock.schedule(now + 10 * MS, after::countDown);
            assertTrue(after.await(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            clock.close();
        }
    }

    @Test
    void close_dropsPendingTimers_andRefusesNewOnes() throws Exception {
        SystemClock clock = new SystemClock("test");
        AtomicInteger runs = new AtomicInteger();
        clock.schedule(clock.nanoTime() + 60_000 * MS, runs::incrementAndGet);
        clock.close();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> clock.schedule(clock.nanoTime(), () -> {}));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(0, runs.get());
        assertThrows(IllegalArgumentException.class, () -> new SystemClock("bad", 12));
    }

    @RepeatedTest(5)
    void manyThreadsSettingAndCancelling_fireEveryTimerLeftExactlyOnce() throws Exception {
        SystemClock clock = new SystemClock("test", 64);
        try {
            int threads = 4;
            int perThread = 2_000;
            ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
            List<Integer> kept = new CopyOnWriteArrayList<>();
            List<Integer> cancelledInTime = new CopyOnWriteArrayList<>(); // cancel returned before the deadline
            CountDownLatch set = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread.ofVirtual().start(() -> {
                    Random random = new Random(id);
                    for (int i = 0; i < perThread; i++) {
                        int key = id * perThread + i;
                        long deadline = clock.nanoTime() + random.nextLong(40 * MS);
                        Clock.Cancellable c = clock.schedule(deadline, () -> runs.merge(key, 1, Integer::sum));
                        if (random.nextBoolean()) {
                            c.cancel();
                            if (clock.nanoTime() < deadline) { // it cannot have fired: never early
                                cancelledInTime.add(key);
                            }
                        } else {
                            kept.add(key);
                        }
                    }
                    set.countDown();
                });
            }
            assertTrue(set.await(BOUND_SECONDS, TimeUnit.SECONDS));
            CountDownLatch barrier = new CountDownLatch(1);
            clock.schedule(clock.nanoTime() + 60 * MS, barrier::countDown); // after every kept timer
            assertTrue(barrier.await(BOUND_SECONDS, TimeUnit.SECONDS));
            for (int key : kept) {
                assertEquals(1, runs.get(key), () -> "timer " + key + " fired more than once or never");
            }
            for (int key : cancelledInTime) {
                assertEquals(null, runs.get(key), () -> "cancelled timer " + key + " fired");
            }
            assertTrue(cancelledInTime.size() > threads * perThread / 4, "most cancels came in time");
        } finally {
            clock.close();
        }
    }
}
