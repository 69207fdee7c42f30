package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Pid;

class FaultInjectionTest {

    private static List<ExitReason> reasons(double rate) {
        List<ExitReason> out = new ArrayList<>();
        Explorer.builder()
                .name("faults")
                .seed(3)
                .schedules(40)
                .faultRate(rate)
                .build()
                .explore(node -> out.add(node.run(self -> {
                    var w = self.spawnMonitor(p -> {
                        for (int i = 0; i < 5; i++) {
                            p.send(p.self(), i);
                            p.receive();
                        }
                    });
                    Down d = Probes.expectDown(self, w.monitor(), Duration.ofSeconds(1));
                    return d.reason();
                })))
                .assertPassed();
        return out;
    }

    @Test
    void faultRate_killsProcessesAtSeededSchedulingPointsAndSparesTheRoot() {
        List<ExitReason> first = reasons(0.2);
        assertTrue(first.contains(ExitReason.killed()), "some workers are killed: " + first);
        assertTrue(first.contains(ExitReason.normal()), "some finish: " + first);
        assertEquals(first, reasons(0.2), "the same seed kills the same processes at the same points");
        assertTrue(reasons(0).stream().allMatch(ExitReason.normal()::equals));
    }

    @Test
    void faultRate_aRootProcessIsNeverAVictim() {
        Explorer.builder()
                .name("root-spared")
                .seed(5)
                .schedules(50)
                .faultRate(0.5)
                .build()
                .explore(node -> {
                    for (int i = 0; i < 3; i++) {
                        Pid root = node.run(self -> {
                            self.send(self.self(), "step");
                            self.receive();
                            return self.self();
                        });
                        assertTrue(root.serial() > 0);
                    }
                })
                .assertPassed();
    }
}
