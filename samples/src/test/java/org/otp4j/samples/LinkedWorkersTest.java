package org.otp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.otp4j.Node;

class LinkedWorkersTest {

    @RepeatedTest(20)
    void run_countsEveryWordAndSurvivesTheCrashingWorker() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Map<String, Integer> totals;
        try (Node node = Node.builder().name("sample-test").build()) {
            totals = LinkedWorkers.run(node, lines::add);
        }
        assertEquals(37, totals.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, totals.get("a"));
        assertEquals(2, totals.get("crash"));
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.contains("crashed: java.lang.IllegalStateException: bad input in chunk 2")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("chunk 2 restarted in <")), lines::toString);
        assertTrue(lines.contains("all chunks counted: 37 words"), lines::toString);
        assertTrue(
                lines.stream().anyMatch(l -> l.equals("auditor saw 'coordinator' go down: normal")), lines::toString);
    }
}
