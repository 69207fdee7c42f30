package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.SpawnOptions;
import org.otp4j.await.Agent;
import org.otp4j.await.AgentContext;
import org.otp4j.await.AgentLogic;
import org.otp4j.await.Await;
import org.otp4j.await.Completion;

/** The org.otp4j.await package example, compiled and run: keep it identical to the snippet. */
class AwaitExamplesTest {

    // --- org.otp4j.await package-info snippet ---
    static final class Summarizer implements AgentLogic<Map<String, Object>> {
        @Override
        public Map<String, Object> init(AgentContext agent) {
            return Map.of("status", "idle");
        }

        @Override
        public Map<String, Object> handleSignal(AgentContext agent, Object signal, Map<String, Object> state) {
            if (signal instanceof String text) {
                return Map.of("status", "completed", "result", text.split(" ").length + " words");
            }
            return state;
        }
    }

    @Test
    void packageInfo_aHostApplicationAwaitsAnAgent() {
        try (Node node = Node.builder().build()) {
            Pid agent = Agent.start(
                            node, new Summarizer(), SpawnOptions.defaults().name("summarizer"))
                    .pid();
            Agent.signal(node, "summarizer", "the quick brown fox");
            Completion done = Await.completion(node, agent, Duration.ofSeconds(5));
            // done.status() is "completed", done.result() is "4 words"
            // --- end of snippet ---
            assertEquals("completed", done.status());
            assertEquals("4 words", done.result());
        }
    }
}
