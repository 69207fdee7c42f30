package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.await.Agent;
import org.otp4j.await.AgentContext;
import org.otp4j.await.AgentLogic;
import org.otp4j.await.Await;
import org.otp4j.await.AwaitException;
import org.otp4j.await.Completion;

/**
 * J2/J12 under exploration: an await races the agent's completion and its death. Whatever the schedule,
 * the wait ends with the completion or with the agent's death (down, or not found when it died before
 * the wait began): never a hang, never a timeout.
 */
class AwaitRaceTest {
    /** Over all schedules of a run: which outcomes were seen (recorded only; no run reads it). */
    private static final Set<String> OUTCOMES = new TreeSet<>();

    static final class Job implements AgentLogic<Map<String, Object>> {
        @Override
        public Map<String, Object> init(AgentContext agent) {
            return Map.of("status", "running");
        }

        @Override
        public Map<String, Object> handleSignal(AgentContext agent, Object signal, Map<String, Object> state) {
            return signal.equals("finish") ? Map.of("status", "completed", "result", "answer") : state;
        }
    }

    @DeterministicTest(schedules = 300, seed = "a11a17")
    void completionRacingDeath_endsWithTheCompletionOrTheDownNeverATimeout(TestNode node) {
        String outcome = node.run(self -> {
            Pid agent = Agent.start(self, new Job()).pid();
            self.spawn(p -> Agent.signal(p, agent, "finish"));
            self.spawn(p -> p.exit(agent, ExitReason.kill()));
            long t0 = self.monotonicTime();
            try {
                Completion c = Await.completion(self, agent, Duration.ofMinutes(1));
                assertEquals(new Completion("completed", "answer", null), c);
                return "completion";
            } catch (AwaitException.Down e) {
                assertEquals(ExitReason.killed(), e.reason());
                assertEquals(agent, e.server());
                assertEquals(0L, self.monotonicTime() - t0, "the down error is prompt");
                return "down";
            } catch (AwaitException.NotFound e) {
                return "not found";
            }
        });
        OUTCOMES.add(outcome);
    }

    @DeterministicTest(schedules = 200, seed = "a11")
    void allRacingDeath_reportsTheDeadAgentOrEveryCompletion(TestNode node) {
        String outcome = node.run(self -> {
            Pid a = Agent.start(self, new Job()).pid();
            Pid b = Agent.start(self, new Job()).pid();
            self.spawn(p -> {
                Agent.signal(p, a, "finish");
                Agent.signal(p, b, "finish");
            });
            self.spawn(p -> p.exit(b, ExitReason.kill()));
            try {
                List<Completion> all = Await.all(self, List.of(a, b), Duration.ofMinutes(1));
                assertEquals(2, all.size());
                return "all";
            } catch (AwaitException.Down e) {
                assertEquals(b, e.server(), "the dead agent is named");
                return "down";
            } catch (AwaitException.NotFound e) {
                assertEquals(b, e.server());
                return "not found";
            }
        });
        assertTrue(Set.of("all", "down", "not found").contains(outcome), outcome);
    }

    @org.junit.jupiter.api.AfterAll
    static void bothOutcomesWereExplored() {
        assertTrue(OUTCOMES.contains("completion") && OUTCOMES.contains("down"), () -> "outcomes seen: " + OUTCOMES);
    }
}
