package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.otp4j.Pid;
import org.otp4j.Timeout;
import org.otp4j.TimerRef;

/** SEMANTICS.md T1-T2: raw and keyed timers. */
public abstract class TimersContract extends ConformanceBase {

    protected TimersContract(NodeFactory factory) {
        super(factory);
    }

    @Test
    void T1_sendAfterDeliversTheMessage() {
        Object got = run(self -> {
            self.sendAfter(self.self(), "tick", Duration.ofMillis(20));
            return expect(self, m -> m.equals("tick") ? m : null, "tick");
        });
        assertEquals("tick", got);
    }

    @Test
    void T1_startTimerDeliversTimeoutWithItsRef() {
        List<Object> got = run(self -> {
            TimerRef ref = self.startTimer(self.self(), "payload", Duration.ofMillis(10));
            Timeout t = expect(self, m -> m instanceof Timeout x ? x : null, "Timeout");
            return List.of(ref, t);
        });
        assertEquals(new Timeout((TimerRef) got.get(0), "payload"), got.get(1));
    }

    @Test
    void T1_absoluteDeadlinesAreSupported() {
        Long late = run(self -> {
            long deadline = self.monotonicTime() + Duration.ofMillis(30).toNanos();
            self.sendAt(self.self(), "at", deadline);
            self.startTimerAt(
                    self.self(), "past", deadline - Duration.ofHours(1).toNanos()); // fires at once
            expect(self, m -> m instanceof Timeout t && t.message().equals("past") ? t : null, "past");
            expect(self, m -> m.equals("at") ? m : null, "at");
            return self.monotonicTime() - deadline;
        });
        assertTrue(late >= 0, "a timer fired before its deadline: " + late + " ns early");
    }

    @Test
    void T1_aTimerAimedAtAProcessIsCancelledWhenThatProcessDies() {
        List<Object> got = run(self -> {
            Pid target = self.spawn(p -> p.receive(m -> m.equals("stop") ? m : null));
            TimerRef timer = self.sendAfter(target, "late", Duration.ofHours(1));
            Optional<Duration> whileAlive = self.readTimer(timer);
            self.send(target, "stop");
            awaitEnd(self, target);
            return List.of(whileAlive.isPresent(), self.readTimer(timer), self.cancelTimer(timer));
        });
        assertEquals(List.of(true, Optional.empty(), Optional.empty()), got);
    }

    @Test
    void T2_cancelTimerReturnsTheTimeLeftOrNothingOnceFired() {
        List<Object> got = run(self -> {
            TimerRef longOne = self.sendAfter(self.self(), "never", Duration.ofHours(1));
            Optional<Duration> left = self.cancelTimer(longOne);
            Optional<Duration> again = self.cancelTimer(longOne);
            TimerRef shortOne = self.sendAfter(self.self(), "fired", Duration.ZERO);
            expect(self, m -> m.equals("fired") ? m : null, "fired");
            Optional<Duration> afterFire = self.cancelTimer(shortOne);
            boolean neverCame = self.receive(m -> m.equals("never") ? m : null, Duration.ZERO)
                    .isEmpty();
            return List.of(left, again, afterFire, neverCame);
        });
        Duration left = ((Optional<?>) got.get(0)).map(Duration.class::cast).orElseThrow();
        assertTrue(
                left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofHours(1)) <= 0, left::toString);
        assertEquals(Optional.empty(), got.get(1));
        assertEquals(Optional.empty(), got.get(2));
        assertEquals(true, got.get(3));
    }

    @Test
    void T2_aRawTimerMessageAlreadyQueuedStaysAfterCancel() {
        Object got = run(self -> {
            TimerRef t = self.sendAfter(self.self(), "queued", Duration.ZERO);
            self.sendAfter(self.self(), "marker", Duration.ZERO); // same deadline or later: fires after t
            expect(self, m -> m.equals("marker") ? m : null, "marker");
            self.cancelTimer(t);
            return self.receive(m -> m.equals("queued") ? m : null, Duration.ZERO)
                    .orElse("gone");
        });
        assertEquals("queued", got, "raw timers follow Erlang: a queued message is not recalled");
    }

    @Test
    void T2_keyedTimersNeverDeliverACancelledOrReplacedMessageEvenIfQueued() {
        List<Object> got = run(self -> {
            var timers = self.timers();
            // cancelled after its message was queued
            timers.startSingleTimer("k1", "stale-cancelled", Duration.ZERO);
            self.sendAfter(self.self(), "m1", Duration.ZERO);
            expect(self, m -> m.equals("m1") ? m : null, "m1");
            boolean wasActive = timers.isActive("k1");
            boolean cancelled = timers.cancel("k1");
            // replaced after its message was queued
            timers.startSingleTimer("k2", "stale-replaced", Duration.ZERO);
            self.sendAfter(self.self(), "m2", Duration.ZERO);
            expect(self, m -> m.equals("m2") ? m : null, "m2");
            timers.startSingleTimer("k2", "fresh", Duration.ofMillis(5));
            Object next = expect(self, m -> m instanceof String s && !s.startsWith("m") ? s : null, "fresh");
            boolean noneLeft = self.receive(Duration.ZERO).isEmpty();
            return List.of(wasActive, cancelled, next, noneLeft, timers.isActive("k2"));
        });
        assertEquals(List.of(true, true, "fresh", true, false), got);
    }

    @Test
    void T2_aKeyedTimerRestartedAgainAndAgain_deliversOnlyItsLastRun_neverEarly() {
        List<Object> got = run(self -> {
            var timers = self.timers();
            List<Object> out = new ArrayList<>();
            // later and later deadlines (a production clock leaves the timer where it waits)
            long start = self.monotonicTime();
            for (int i = 0; i < 50; i++) {
                timers.startSingleTimer("k", "later-" + i, Duration.ofMillis(5 + i));
            }
            out.add(expect(self, m -> m instanceof String s && s.startsWith("later") ? s : null, "later-49"));
            out.add(self.monotonicTime() - start >= Duration.ofMillis(54).toNanos());
            // an earlier deadline than the running one
            timers.startSingleTimer("k", "far", Duration.ofMinutes(1));
            timers.startSingleTimer("k", "near", Duration.ofMillis(5));
            out.add(expect(self, m -> m.equals("far") || m.equals("near") ? m : null, "near"));
            // cancelled, then started again
            timers.startSingleTimer("k", "cancelled", Duration.ofMillis(2));
            timers.cancel("k");
            timers.startSingleTimer("k", "restarted", Duration.ofMillis(5));
            out.add(expect(self, m -> m.equals("cancelled") || m.equals("restarted") ? m : null, "restarted"));
            out.add(timers.isActive("k"));
            // more keys than a process keeps idle timers for
            for (int i = 0; i < 20; i++) {
                timers.startSingleTimer("key" + i, "key" + i, Duration.ofMillis(2));
            }
            for (int i = 0; i < 20; i += 2) {
                timers.cancel("key" + i);
            }
            Set<Object> keys = new TreeSet<>();
            for (int i = 0; i < 10; i++) {
                keys.add(expect(self, m -> m instanceof String s && s.startsWith("key") ? s : null, "a key"));
            }
            out.add(keys);
            for (int i = 0; i < 20; i++) { // and again, on timers that were kept and dropped
                timers.startSingleTimer("key" + i, "again" + i, Duration.ofMillis(1));
            }
            Set<Object> again = new TreeSet<>();
            for (int i = 0; i < 20; i++) {
                again.add(expect(self, m -> m instanceof String s && s.startsWith("again") ? s : null, "again"));
            }
            out.add(again.size());
            out.add(self.receive(Duration.ofMillis(20)).isEmpty()); // nothing stale, nothing twice
            return out;
        });
        Set<String> odd = new TreeSet<>();
        for (int i = 1; i < 20; i += 2) {
            odd.add("key" + i);
        }
        assertEquals(List.of("later-49", true, "near", "restarted", false, odd, 20, true), got);
    }

    @Test
    void T2_aKeyedTimerRestartedAsItFires_neverDeliversAnEarlierRun() {
        // deadlines of zero to two milliseconds: restarts race the clock's firing of the run they replace
        List<Object> got = run(self -> {
            var timers = self.timers();
            java.util.Random random = new java.util.Random(7);
            int latest = -1;
            int delivered = 0;
            List<Object> wrong = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                timers.startSingleTimer("k", i, Duration.ofNanos(random.nextLong(2_000_000)));
                latest = i;
                // wait a little (matching nothing), so that the run may fire and queue its message first
                self.receive(x -> x.equals("nothing") ? x : null, Duration.ofNanos(random.nextLong(1_500_000)));
                if (random.nextInt(3) == 0) {
                    timers.startSingleTimer("k", ++i, Duration.ofNanos(random.nextLong(2_000_000)));
                    latest = i; // the run just replaced may have fired already: its message is stale
                }
                if (random.nextInt(2) == 0) {
                    Optional<Object> m = self.receive(x -> x instanceof Integer ? x : null, Duration.ZERO);
                    if (m.isPresent()) {
                        delivered++;
                        if (!m.get().equals(latest)) {
                            wrong.add(m.get() + " when " + latest + " was the latest");
                        }
                    }
                }
            }
            if (timers.isActive("k")) {
                Object last = expect(self, x -> x instanceof Integer ? x : null, "the last run");
                delivered++;
                if (!last.equals(latest)) {
                    wrong.add(last + " at the end, " + latest + " the latest");
                }
            }
            boolean noneLeft = self.receive(x -> x instanceof Integer ? x : null, Duration.ofMillis(10))
                    .isEmpty();
            return List.of(wrong, delivered > 0, noneLeft);
        });
        assertEquals(List.of(List.of(), true, true), got);
    }

    @Test
    void T1_aDueTimerFiresEvenWhileItsReceiverKeepsPolling() {
        // The check is that this returns: a due timer must fire while its receiver polls (under control a
        // livelock would abort the run; in production the message arrives within microseconds).
        Integer polls = run(self -> {
            self.sendAfter(self.self(), "due", Duration.ZERO);
            int n = 0;
            while (self.receive(m -> m.equals("due") ? m : null, Duration.ZERO).isEmpty()) {
                n++;
            }
            return n;
        });
    }
}
