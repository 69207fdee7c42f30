package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Node;
import org.otp4j.Pid;

/** The worked examples of the javadoc, compiled and run: keep them identical to the snippets. */
class PackageExamplesTest {

    @Test
    void packageInfo_trappingParentReceivesTheLinkedWorkersCrash() {
        // --- org.otp4j package-info snippet ---
        record Job(int n) {}

        try (Node node = Node.builder().name("example").build()) {
            ExitReason why = node.run(self -> {
                self.trapExit(true); // exits arrive as Exit messages
                Pid worker = self.spawnLink(
                        w -> { // linked before it runs
                            Job job = w.receive(Matcher.type(Job.class));
                            if (job.n() < 0) {
                                throw new IllegalArgumentException("negative job " + job.n());
                            }
                        });
                self.send(worker, new Job(-1));
                Exit exit = self.receive(Matcher.type(Exit.class));
                return exit.reason(); // Failure(IllegalArgumentException ...)
            });
            // --- end of snippet ---
            ExitReason.Failure f = assertInstanceOf(ExitReason.Failure.class, why);
            assertEquals("negative job -1", f.error().getMessage());
        }
    }

    record Ping(Pid from) {}

    @Test
    void node_echoServerAnswersAHostRun() {
        // --- Node snippet ---
        try (Node node = Node.builder().name("demo").build()) {
            Pid echo = node.spawn((self, message) -> {
                if (message instanceof Ping(Pid from)) {
                    self.send(from, "pong");
                }
            });
            Object reply = node.run(self -> {
                self.send(echo, new Ping(self.self()));
                return self.receive();
            });
            // --- end of snippet ---
            assertEquals("pong", reply);
        }
    }
}
