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
 * turn of the wheel, deadlines already past, close, and many threads setting and cancelling at once;
 * re-armable timers moving between slots. Every wait is a latch with a bound.
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
            long deadline = now + 20 * MS;
            Clock.Cancellable c = clock.schedule(deadline, cancelledRuns::incrementAndGet);
            clock.schedule(now + 40 * MS, later::countDown);
            c.cancel();
            boolean inTime = clock.nanoTime() < deadline; // a stalled test thread may cancel too late
            c.cancel(); // idempotent
            assertTrue(later.await(BOUND_SECONDS, TimeUnit.SECONDS));
            if (inTime) {
                assertEquals(0, cancelledRuns.get());
            }
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

    // ---- re-armable timers ----------------------------------------------------------------------

    private record Run(long arm, long at) {}

    /** A re-armable timer that records each run (its arm and when) and counts {@code fired} down. */
    private static Clock.Timer recording(SystemClock clock, List<Run> runs, CountDownLatch fired) {
        return clock.timer(arm -> {
            runs.add(new Run(arm, clock.nanoTime()));
            fired.countDown();
        });
    }

    @RepeatedTest(3)
    void aReArmedTimer_firesOnlyItsLatestArm_neverEarly() throws Exception {
        SystemClock clock = new SystemClock("test");
        try {
            List<Run> runs = new CopyOnWriteArrayList<>();
            CountDownLatch fired = new CountDownLatch(1);
            Clock.Timer timer = recording(clock, runs, fired);
            long now = clock.nanoTime();
            long first = now + 20 * MS;
            assertEquals(1, timer.arm(first));
            long second = now + 40 * MS;
            assertEquals(2, timer.arm(second));
            boolean inTime = clock.nanoTime() < first; // else the first may have fired: not this test's case
            assertTrue(fired.await(BOUND_SECONDS, TimeUnit.SECONDS));
            CountDownLatch after = new CountDownLatch(1);
            clock.schedule(second + 20 * MS, after::countDown);
            assertTrue(after.await(BOUND_SECONDS, TimeUnit.SECONDS));
            if (inTime) {
                assertEquals(1, runs.size(), () -> "runs: " + runs);
                assertEquals(2, runs.get(0).arm());
                assertTrue(runs.get(0).at() >= second, () -> "fired early: " + runs);
            }
            // armed again after firing, then cancelled: the third arm never runs
            long third = clock.nanoTime() + 20 * MS;
            assertEquals(3, timer.arm(third));
            timer.cancel();
            boolean cancelledInTime = clock.nanoTime() < third;
            timer.cancel(); // idempotent
            CountDownLatch later = new CountDownLatch(1);
            clock.schedule(third + 20 * MS, later::countDown);
            assertTrue(later.await(BOUND_SECONDS, TimeUnit.SECONDS));
            if (cancelledInTime) {
                assertTrue(runs.stream().noneMatch(r -> r.arm() == 3), () -> "a cancelled arm ran: " + runs);
            }
            // and it can be armed again, with a deadline already past
            CountDownLatch fourth = new CountDownLatch(1);
            Clock.Timer again = clock.timer(arm -> fourth.countDown());
            again.arm(clock.nanoTime() - 5 * MS);
            assertTrue(fourth.await(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            clock.close();
        }
    }

    /**
     * A timer re-armed to a later deadline stays where it waits; re-armed again, to a deadline earlier
     * than that wait ({@code thenAt} 2 ms) it must be moved at once, or later than it ({@code thenAt} 10 ms)
     * it must be moved on by the sweeper: either way only the latest arm runs, once, never early.
     */
    @RepeatedTest(3)
    void aTimerParkedLazily_andReArmedEarlierOrLater_firesItsLatestArmOnce_neverEarly() throws Exception {
        for (long thenAt : new long[] {2 * MS, 10 * MS}) {
            SystemClock clock = new SystemClock("test");
            try {
                List<Run> runs = new CopyOnWriteArrayList<>();
                CountDownLatch fired = new CountDownLatch(1);
                Clock.Timer timer = recording(clock, runs, fired);
                long now = clock.nanoTime();
                long first = now + 5 * MS;
                timer.arm(first);
                timer.arm(now + 60_000 * MS); // later: left waiting at the first arm's tick
                long latest = now + thenAt;
                assertEquals(3, timer.arm(latest));
                boolean inTime = clock.nanoTime() < Math.min(first, latest); // else an earlier arm may have run
                assertTrue(fired.await(BOUND_SECONDS, TimeUnit.SECONDS), "the latest arm ran");
                CountDownLatch after = new CountDownLatch(1);
                clock.schedule(Math.max(first, latest) + 20 * MS, after::countDown);
                assertTrue(after.await(BOUND_SECONDS, TimeUnit.SECONDS));
                if (inTime) {
                    assertEquals(1, runs.size(), () -> "runs: " + runs);
                    assertEquals(3, runs.get(0).arm());
                    assertTrue(runs.get(0).at() >= latest, () -> "fired early: " + runs);
                }
            } finally {
                clock.close();
            }
        }
    }

    @RepeatedTest(5)
    void manyOwnersReArmingAndCancelling_fireOnlyCurrentArms_neverEarly_lastArmExactlyOnce() throws Exception {
        SystemClock clock = new SystemClock("test", 16); // small: timers wrap around and share slots
        try {
            int owners = 4;
            int timersEach = 50;
            int armsEach = 200;
            int n = owners * timersEach;
            long[][] deadlines = new long[n][armsEach + 1]; // by timer and arm number
            long[][] replacedAt = new long[n][armsEach + 1]; // when arm k was replaced or cancelled, or 0
            boolean[] lastCancelled = new boolean[n];
            ConcurrentHashMap<Long, Long> firedAt = new ConcurrentHashMap<>(); // timer * 1_000_000 + arm
            List<String> problems = new CopyOnWriteArrayList<>();
            Clock.Timer[] timers = new Clock.Timer[n];
            for (int i = 0; i < n; i++) {
                int index = i;
                timers[i] = clock.timer(arm -> {
                    long at = clock.nanoTime();
                    if (firedAt.put(index * 1_000_000L + arm, at) != null) {
                        problems.add("timer " + index + " arm " + arm + " fired twice");
                    }
                });
            }
            CountDownLatch done = new CountDownLatch(owners);
            for (int o = 0; o < owners; o++) {
                int owner = o;
                Thread.ofPlatform().start(() -> {
                    try {
                        Random random = new Random(owner);
                        for (int k = 1; k <= armsEach; k++) {
                            for (int j = 0; j < timersEach; j++) {
                                int i = owner * timersEach + j;
                                // past, this tick, the next few ticks, or beyond a turn of the wheel
                                long deadline = clock.nanoTime()
                                        + switch (random.nextInt(4)) {
                                            case 0 -> -random.nextLong(MS);
                                            case 1 -> random.nextLong(MS);
                                            case 2 -> random.nextLong(5 * MS);
                                            default -> random.nextLong(30 * MS);
                                        };
                                deadlines[i][k] = deadline;
                                long arm = timers[i].arm(deadline);
                                if (arm != k) {
                                    problems.add("timer " + i + " arm " + k + " numbered " + arm);
                                }
                                if (k > 1) {
                                    replacedAt[i][k - 1] = clock.nanoTime(); // once the re-arm returned
                                }
                            }
                        }
                        for (int j = 0; j < timersEach; j++) {
                            int i = owner * timersEach + j;
                            if (random.nextBoolean()) {
                                timers[i].cancel();
                                replacedAt[i][armsEach] = clock.nanoTime();
                                lastCancelled[i] = true;
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(BOUND_SECONDS * 3, TimeUnit.SECONDS));
            CountDownLatch barrier = new CountDownLatch(1);
            clock.schedule(clock.nanoTime() + 60 * MS, barrier::countDown); // after every last arm
            assertTrue(barrier.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of(), problems);
            int lastFired = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 1; k <= armsEach; k++) {
                    Long at = firedAt.get(i * 1_000_000L + k);
                    if (at == null) {
                        continue;
                    }
                    long deadline = deadlines[i][k];
                    long gone = replacedAt[i][k];
                    int timer = i;
                    int arm = k;
                    assertTrue(at >= deadline, () -> "timer " + timer + " arm " + arm + " fired early");
                    // replaced (or cancelled) before its deadline: it must never have run
                    if (gone != 0 && gone < deadline && (k < armsEach || lastCancelled[i])) {
                        throw new AssertionError(
                                "timer " + timer + " arm " + arm + " fired after it was" + " replaced in time");
                    }
                }
                if (!lastCancelled[i]) {
                    int timer = i;
                    assertTrue(
                            firedAt.containsKey(i * 1_000_000L + armsEach),
                            () -> "timer " + timer + "'s last arm never fired");
                    lastFired++;
                }
            }
            assertTrue(lastFired > 0);
        } finally {
            clock.close();
        }
    }

    @Test
    void theDefaultReArmableTimer_onAClockWithOnlySchedule_replacesAndCancels() {
        VirtualClock clock = new VirtualClock();
        List<Long> runs = new java.util.ArrayList<>();
        Clock.Timer timer = clock.timer(runs::add);
        long now = clock.nanoTime();
        assertEquals(1, timer.arm(now + 10));
        assertEquals(2, timer.arm(now + 20));
        clock.advanceTo(now + 15).forEach(Runnable::run);
        assertEquals(List.of(), runs);
        clock.advanceTo(now + 20).forEach(Runnable::run);
        assertEquals(List.of(2L), runs);
        timer.arm(now + 30);
        timer.cancel();
        assertTrue(clock.advanceTo(now + 40).isEmpty());
        assertEquals(List.of(2L), runs);
    }
}
