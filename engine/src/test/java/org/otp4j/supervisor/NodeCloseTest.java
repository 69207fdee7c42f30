package org.otp4j.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;

/**
 * The node's host stands for the parent of a behaviour started from the host: its exit signal (from
 * {@code Node.exit} or {@code Node.close}) stops a trapping server as a parent's would (G5), and closing
 * a node takes a supervision tree down instead of having the supervisor restart, into a closed node,
 * the children the close has just ended. Production scheduler; waits are latches with bounds.
 */
class NodeCloseTest {
    private final List<String> supervisorLog = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("org.otp4j.supervisor");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            supervisorLog.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureTheSupervisorLog() {
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void restoreTheLog() {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    /** A server that traps exits and reports the reason its terminate callback got. */
    private record Trapping(List<ExitReason> terminated, CountDownLatch done) implements GenServer<Integer> {
        @Override
        public InitResult<Integer> init(ProcessContext self) {
            self.trapExit(true);
            return InitResult.ok(0);
        }

        @Override
        public void terminate(ProcessContext self, ExitReason reason, Integer state) {
            terminated.add(reason);
            done.countDown();
        }
    }

    @RepeatedTest(3)
    void anExitSignalFromTheHost_stopsATrappingServerStartedFromTheHost_G5() throws Exception {
        List<ExitReason> terminated = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (Node node = Node.builder().build()) {
            Pid server = GenServer.start(node, new Trapping(terminated, done), SpawnOptions.defaults())
                    .pid();
            node.exit(server, ExitReason.of("host says stop"));
            assertTrue(done.await(10, TimeUnit.SECONDS), "terminate ran");
            assertEquals(List.of(ExitReason.of("host says stop")), terminated);
        }
    }

    @RepeatedTest(3)
    void closingANode_takesATreeDown_withoutRestartingChildrenIntoTheClosedNode() throws Exception {
        List<ExitReason> terminated = new CopyOnWriteArrayList<>();
        int n = 50;
        CountDownLatch allDone = new CountDownLatch(n);
        // a long grace: a supervisor that ignored the host would spin on failed restarts all through it
        Node node = Node.builder().shutdownGrace(Duration.ofSeconds(30)).build();
        List<ChildSpec> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            children.add(ChildSpec.server("w" + i, () -> new Trapping(terminated, allDone), SpawnOptions.defaults()));
        }
        Flags flags = Flags.oneForOne().withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1));
        Supervisor.start(node, flags, children, SpawnOptions.defaults()).pid();
        node.close();
        assertTrue(allDone.await(10, TimeUnit.SECONDS), "every child's terminate ran");
        assertEquals(List.of(), node.processes(), "no process outlived the close");
        List<String> startErrors =
                supervisorLog.stream().filter(m -> m.contains("start error")).toList();
        assertEquals(List.of(), startErrors, "the supervisor tried to restart children into a closed node");
    }
}
