package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.otp4j.Node;
import org.otp4j.Pid;

/** Production-only lifecycle: threads left behind after close, several nodes in one JVM. */
class NodeLifecycleTest {

    private static Set<Thread> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toSet());
    }

    @RepeatedTest(5)
    void close_leavesNoThreadBehind() {
        Set<Thread> before = platformThreads();
        Set<Thread> processThreads = ConcurrentHashMap.newKeySet();
        Node node = Node.builder().shutdownGrace(Duration.ofMillis(200)).build();
        for (int i = 0; i < 50; i++) {
            node.spawn(self -> {
                processThreads.add(Thread.currentThread());
                self.sendAfter(self.self(), "tick", Duration.ofHours(1)); // starts the timer thread
                self.receive(m -> null);
            });
        }
        node.spawn((self, m) -> processThreads.add(Thread.currentThread()));
        node.run(self -> {
            processThreads.add(Thread.currentThread());
            return null;
        });
        node.send(node.processes().getLast(), "wake the handler");
        Pid stubborn = node.spawn(self -> {
            processThreads.add(Thread.currentThread());
            self.trapExit(true);
            self.receive(m -> null); // ignores shutdown; killed after the grace period
        });
        assertTrue(node.isAlive(stubborn));
        node.close();

        for (Thread t : processThreads) {
            assertFalse(t.isAlive(), () -> "process thread still alive after close: " + t);
        }
        Set<Thread> leaked = platformThreads();
        leaked.removeAll(before);
        leaked.removeIf(t -> t.getName().startsWith("surefire") || t.getName().startsWith("junit"));
        assertEquals(Set.of(), leaked, "platform threads left behind by close()");
    }

    @Test
    void severalNodes_liveSideBySideWithoutSharingNamesOrPids() {
        try (Node a = Node.builder().name("a").build();
                Node b = Node.builder().name("b").build()) {
            Pid pa = a.spawn(
                    self -> self.receive(m -> null),
                    org.otp4j.SpawnOptions.defaults().name("svc"));
            Pid pb = b.spawn(
                    self -> self.receive(m -> null),
                    org.otp4j.SpawnOptions.defaults().name("svc"));
            assertNotEquals(pa, pb);
            assertEquals(Optional.of(pa), a.whereis("svc"));
            assertEquals(Optional.of(pb), b.whereis("svc"));
            assertEquals(List.of(pa), a.processes());
            a.close();
            assertTrue(b.isAlive(pb), "closing one node leaves the other alone");
        }
    }
}
