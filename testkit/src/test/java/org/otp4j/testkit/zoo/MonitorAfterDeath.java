package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.otp4j.Down;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.Spawned;
import org.otp4j.testkit.TestNode;

/**
 * Monitor set up after the process died: a runner starts a task in a fresh process and then monitors it;
 * DOWN with reason normal means the task completed, anything else that it crashed. A quick task may have
 * finished before the monitor is set up, and then the DOWN says noproc: a task that completed is reported
 * as crashed. Fixed: spawnMonitor, which sets the monitor before the task runs.
 */
final class MonitorAfterDeath {
    private MonitorAfterDeath() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "monitor-after-death",
            "monitor set up after spawn: a task that already finished looks like a crash (noproc)",
            List.of("the task completed ==> expected: <Optional[42]> but was: <Optional.empty>"),
            node -> run(node, false),
            node -> run(node, true));

    record Result(int value) {}

    /** Runs a task; its result if it completed, empty if it crashed. */
    static Optional<Integer> runTask(ProcessContext self, boolean fixed) {
        Pid me = self.self();
        Ref monitor;
        if (fixed) {
            Spawned task = self.spawnMonitor(p -> p.send(me, new Result(6 * 7)));
            monitor = task.monitor();
        } else {
            Pid task = self.spawn(p -> p.send(me, new Result(6 * 7)));
            monitor = self.monitor(task); // too late if the task is already gone: DOWN noproc
        }
        Down down = self.receive(m -> m instanceof Down d && d.ref().equals(monitor) ? d : null);
        if (!down.reason().isNormal()) {
            return Optional.empty(); // treated as a crash: the result is discarded
        }
        return Optional.of(self.receive(Matcher.type(Result.class)).value());
    }

    static void run(TestNode node, boolean fixed) {
        Optional<Integer> result = node.run(self -> runTask(self, fixed));
        assertEquals(Optional.of(42), result, "the task completed");
    }
}
