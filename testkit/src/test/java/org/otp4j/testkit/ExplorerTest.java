package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.otp4j.Pid;

class ExplorerTest {

    /** Two clients increment a get/set counter: the read-modify-write race loses an update. */
    static final Scenario LOST_UPDATE = node -> {
        int value = node.run(self -> {
            Pid counter = self.spawn(Calls.getSetCounter());
            Pid me = self.self();
            for (int i = 0; i < 2; i++) {
                self.spawn(p -> {
                    int v = (Integer) Calls.call(p, counter, "get");
                    Calls.call(p, counter, v + 1);
                    p.send(me, "done");
                });
            }
            self.receive(m -> m.equals("done") ? m : null);
            self.receive(m -> m.equals("done") ? m : null);
            return (Integer) Calls.call(self, counter, "get");
        });
        assertEquals(2, value, "two increments");
    };

    private static Explorer.Builder explorer(String name) {
        return Explorer.builder().name(name).seed(42).schedules(500);
    }

    @Test
    void explore_findsTheLostUpdateAndReportsEverythingNeededToReplayIt() throws Exception {
        Explorer.Result result = explorer("lost-update").build().explore(LOST_UPDATE);
        assertFalse(result.passed(), "the race must be found within 500 schedules");
        ScheduleFailure f = result.failure();
        String report = f.getMessage();
        assertTrue(report.contains("schedule " + f.schedule() + " failed (strategy "), report);
        assertTrue(report.contains("base seed 2a"), report);
        assertTrue(report.contains("@DeterministicTest(replay = \"lost-update|choices@"), report);
        assertTrue(report.contains("replays strictly"), report);
        assertTrue(report.contains("re-running the seed gave the same failure and the same trace"), report);
        assertTrue(report.contains("```mermaid\nsequenceDiagram\n"), report);
        assertTrue(report.contains("participant P1"), report);
        assertTrue(report.contains("body=get") && !report.contains("RefP"), "symbolic pids and refs:\n" + report);
        assertTrue(f.getCause() instanceof AssertionError, String.valueOf(f.getCause()));
        assertNotNull(f.traceFile());
        String trace = Files.readString(f.traceFile());
        assertTrue(trace.contains("## Original schedule"), trace);

        // the replay line reproduces the shrunk failure, exactly
        Explorer.Result replayed =
                explorer("lost-update").replay(f.replay()).build().explore(LOST_UPDATE);
        assertFalse(replayed.passed(), "the replay line must reproduce the failure");
        assertEquals(f.getCause().getMessage(), replayed.failure().getCause().getMessage());
    }

    @Test
    void report_marksTheDeliveriesWhoseOrderTheSchedulerChose() {
        // S2: m1 goes straight to c; m2 goes through b. Only a delivery race puts m2 first.
        Scenario assumesCausalOrder = node -> node.run(self -> {
            Pid me = self.self();
            Pid c = self.spawn(p -> p.send(me, List.of(p.receive(), p.receive())));
            Pid b = self.spawn(p -> p.send(c, p.receive()));
            self.send(c, "m1");
            self.send(b, "m2");
            assertEquals(List.of("m1", "m2"), self.receive(), "m1 was sent first (but not to the same process)");
            return null;
        });
        ScheduleFailure f =
                explorer("order").build().explore(assumesCausalOrder).failure();
        assertNotNull(f);
        assertTrue(f.getMessage().contains("P3 -) P2: RACE m2"), f.getMessage());
    }

    @Test
    void explore_sameBaseSeedGivesTheSameSchedules() {
        Explorer.Result a = explorer("same-seed").build().explore(LOST_UPDATE);
        Explorer.Result b = explorer("same-seed").build().explore(LOST_UPDATE);
        assertEquals(a.failure().schedule(), b.failure().schedule());
        assertEquals(a.failure().replay(), b.failure().replay());
    }

    @Test
    void explore_passesAFixedProgram() {
        Scenario fixed = node -> {
            int value = node.run(self -> {
                Pid counter = self.spawn(Calls.server(0, (state, body) -> {
                    int v = (Integer) state + (body.equals("inc") ? 1 : 0);
                    return new Object[] {v, v};
                }));
                Pid me = self.self();
                for (int i = 0; i < 2; i++) {
                    self.spawn(p -> {
                        Calls.call(p, counter, "inc");
                        p.send(me, "done");
                    });
                }
                self.receive(m -> m.equals("done") ? m : null);
                self.receive(m -> m.equals("done") ? m : null);
                return (Integer) Calls.call(self, counter, "get");
            });
            assertEquals(2, value);
        };
        Explorer.Result r = explorer("fixed").build().explore(fixed);
        r.assertPassed();
        assertEquals(500, r.schedulesRun());
    }

    @Test
    void explore_reportsADeadlockWithWhoWaits() {
        Scenario mutualCall = node -> node.run(self -> {
            Pid me = self.self();
            Pid[] peers = new Pid[2];
            for (int i = 0; i < 2; i++) {
                int mine = i;
                peers[i] = self.spawn(p -> {
                    Pid other = p.receive(org.otp4j.Matcher.type(Pid.class));
                    Calls.call(p, other, "hello"); // each calls the other and never answers
                    p.send(me, "done " + mine);
                });
            }
            self.send(peers[0], peers[1]);
            self.send(peers[1], peers[0]);
            self.receive(m -> m.equals("done 0") ? m : null);
            return null;
        });
        ScheduleFailure f =
                explorer("deadlock").schedules(5).build().explore(mutualCall).failure();
        assertNotNull(f);
        assertTrue(f.getMessage().contains("deadlock: every process is blocked"), f.getMessage());
        assertTrue(f.getMessage().contains("waits in receive"), f.getMessage());
    }

    @Test
    void explore_catchesNondeterminismThatEscapedTheScheduler() {
        AtomicInteger shared = new AtomicInteger(); // state kept across schedules: not under control
        Scenario leaky = node -> node.run(self -> {
            for (int i = 0; i <= shared.getAndIncrement() % 3; i++) {
                self.send(self.self(), i);
                self.receive();
            }
            return null;
        });
        ScheduleFailure f =
                explorer("leaky").schedules(3).build().explore(leaky).failure();
        assertNotNull(f, "the first schedule runs twice and must notice");
        assertTrue(f.getMessage().contains("NONDETERMINISM"), f.getMessage());
        assertTrue(f.getMessage().contains("diverged at event"), f.getMessage());
    }

    @Test
    void explore_failsAProcessThatBlocksOutsideTheEngine() {
        Scenario sleepy = node -> node.run(self -> {
            Thread.sleep(5_000); // not under the scheduler's control
            return null;
        });
        ScheduleFailure f = Explorer.builder()
                .name("sleepy")
                .seed(1)
                .schedules(1)
                .stallTimeout(Duration.ofMillis(300))
                .build()
                .explore(sleepy)
                .failure();
        assertNotNull(f);
        assertTrue(f.getMessage().contains("blocked outside the engine"), f.getMessage());
        assertTrue(
                f.getCause().getMessage().contains("Thread.sleep"), f.getCause().getMessage());
    }

    @Test
    void virtualTime_runsADayOfTimeoutsInAnInstant() {
        Duration[] now = new Duration[1];
        explorer("a-day")
                .schedules(3)
                .build()
                .explore(node -> {
                    node.run(self -> {
                        for (int hour = 0; hour < 24; hour++) {
                            self.sendAfter(self.self(), hour, Duration.ofHours(1));
                            self.receive();
                        }
                        return null;
                    });
                    now[0] = node.now();
                })
                .assertPassed();
        assertTrue(now[0].compareTo(Duration.ofHours(24)) >= 0, now[0]::toString);
    }

    @Test
    void timeRaces_letATimeoutOvertakeAReplyAlreadyOnItsWay() {
        Scenario impatient = node -> node.run(self -> {
            Pid echo = self.spawn((p, m) -> p.send((Pid) m, "pong"));
            self.send(echo, self.self());
            // the reply is on its way at once; only a timer racing ahead of it can make this time out
            return Probes.assertReceive(self, org.otp4j.Matcher.any(), Duration.ofSeconds(5));
        });
        explorer("no-races").build().explore(impatient).assertPassed();
        ScheduleFailure f =
                explorer("races").timeRaces(true).build().explore(impatient).failure();
        assertNotNull(f, "with time races some schedule fires the 5 s timeout first");
        assertTrue(
                f.getCause().getMessage().contains("expected a message within PT5S"),
                f.getCause().getMessage());
    }

    @Test
    void liveness_aPropertyStillHotAtTheEndFailsTheSchedule() {
        ScheduleFailure f = explorer("liveness")
                .schedules(2)
                .build()
                .explore(node -> {
                    Liveness answered = node.liveness("every request is answered");
                    node.run(self -> {
                        Pid server = self.spawn((p, m) -> {}); // drops requests
                        answered.hot("request 1 sent");
                        self.send(server, "request 1");
                        return null;
                    });
                })
                .failure();
        assertNotNull(f);
        assertTrue(
                f.getMessage().contains("liveness property 'every request is answered' is still hot"), f.getMessage());
    }

    @Test
    void buggify_isTheSameForASeedAndVariesAcrossSeeds() {
        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        explorer("buggify").schedules(20).build().explore(node -> first.add(node.buggify("drop")));
        explorer("buggify").schedules(20).build().explore(node -> second.add(node.buggify("drop")));
        assertEquals(first, second);
        assertTrue(first.contains(true) && first.contains(false), first::toString);
    }

    @Test
    void replay_refusesALineRecordedForAnotherTest() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> explorer("mine").replay("theirs|choices:1,2").build().explore(node -> {}));
        assertTrue(e.getMessage().contains("was recorded for 'theirs', not for 'mine'"), e.getMessage());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> explorer("mine").replay("mine|pct0@1").build().explore(node -> {}));
        assertTrue(bad.getMessage().contains("PCT depth must be at least 1"), bad.getMessage());
    }

    @Test
    void replay_aScheduleTheCodeNoLongerOffersFailsWithDivergence() {
        Explorer.Result r =
                explorer("diverge").replay("diverge|choices:9,9,9").build().explore(node -> node.run(self -> 1));
        assertFalse(r.passed());
        assertTrue(
                r.failure().getCause().getMessage().contains("the replay diverged at step"),
                r.failure().getCause().getMessage());
    }

    @Test
    void configuration_badValuesAreRefusedWithWhatToChange() {
        assertThrows(IllegalArgumentException.class, () -> Explorer.builder().schedules(0));
        assertThrows(IllegalArgumentException.class, () -> Explorer.builder().faultRate(1.5));
        IllegalArgumentException pct = assertThrows(
                IllegalArgumentException.class,
                () -> Explorer.builder().strategy(StrategyKind.POS).pctDepth(2).build());
        assertTrue(pct.getMessage().contains("pctDepth applies to the PCT strategy only"), pct.getMessage());
        DeterministicTest bad = Bad.class.getDeclaredMethods()[0].getAnnotation(DeterministicTest.class);
        ExtensionConfigurationException e = assertThrows(
                ExtensionConfigurationException.class, () -> DeterministicTestExtension.explorer(bad, "Bad.m"));
        assertTrue(e.getMessage().contains("@DeterministicTest on Bad.m: bad seed 'xyz'"), e.getMessage());
    }

    static class Bad {
        @DeterministicTest(seed = "xyz")
        void m(TestNode node) {}
    }

    @Test
    void encoding_roundTrips() {
        int[] choices = {3, Recorder.CANONICAL, Recorder.CANONICAL, 0, Recorder.CANONICAL, 12};
        assertEquals("3,c2,0,c,12", Explorer.encode(choices));
        assertTrue(java.util.Arrays.equals(choices, Explorer.decode("3,c2,0,c,12")));
    }
}
