package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.supervisor.ChildInfo;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Supervisor;

/** Supervisor restart races, explored over many schedules (SV3, SV6, SV8, S5). */
class SupervisorRaceTest {

    /** A server that answers every call with its own pid. */
    record Echo() implements GenServer<String> {
        @Override
        public InitResult<String> init(ProcessContext self) {
            return InitResult.ok("echo");
        }

        @Override
        public CallResult<String> handleCall(ProcessContext self, Object request, From from, String state) {
            return CallResult.reply(self.self(), state);
        }
    }

    private static Pid startSup(ProcessContext self, List<ChildSpec> children) {
        return Supervisor.start(
                        self,
                        Flags.oneForOne().withIntensity(10, Duration.ofSeconds(5)),
                        children,
                        SpawnOptions.defaults())
                .pid();
    }

    /**
     * The child is killed while terminateChild runs. Whichever comes first, once terminateChild has
     * returned the child is not running and is never restarted later (a stale EXIT is not a crash),
     * and the supervisor lives on.
     */
    @DeterministicTest(schedules = 300, seed = "5e1")
    void childCrashingWhileTerminateChildRunsStaysTerminated(TestNode node) {
        List<Object> got = node.run(self -> {
            Pid sup = startSup(self, List.of(ChildSpec.server("w", Echo::new)));
            Pid child = Supervisor.whichChildren(self, sup).getFirst().pid().orElseThrow();
            self.spawn(p -> p.exit(child, ExitReason.kill()));
            Supervisor.terminateChild(self, sup, "w");
            List<ChildInfo> atReturn = Supervisor.whichChildren(self, sup);
            self.receive(m -> null, Duration.ofSeconds(1)); // let any stale signal land
            List<ChildInfo> later = Supervisor.whichChildren(self, sup);
            return List.of(
                    atReturn, later, node.node().isAlive(sup), node.node().isAlive(child));
        });
        assertInstanceOf(ChildInfo.Undefined.class, ((ChildInfo) ((List<?>) got.get(0)).getFirst()).status());
        assertInstanceOf(ChildInfo.Undefined.class, ((ChildInfo) ((List<?>) got.get(1)).getFirst()).status());
        assertEquals(true, got.get(2), "the supervisor lives on");
        assertEquals(false, got.get(3), "the first child is gone");
    }

    /**
     * A named child is killed while a client calls it by name. Each call either reaches a live server
     * (the old one or its replacement) or fails cleanly; the restart never finds the name taken (S5),
     * and afterwards the name points at the pid the supervisor reports.
     */
    @DeterministicTest(schedules = 300, seed = "5e2")
    void namedChildRestartedWhileAClientCallsItByName(TestNode node) {
        List<Object> got = node.run(self -> {
            ChildSpec named =
                    ChildSpec.server("svc", Echo::new, SpawnOptions.defaults().name("svc"));
            Pid sup = startSup(self, List.of(named));
            Pid first = self.whereis("svc").orElseThrow();
            self.spawn(p -> p.exit(first, ExitReason.kill()));
            int answered = 0;
            int failed = 0;
            for (int i = 0; i < 3; i++) {
                try {
                    Object pid = GenServer.call(self, "svc", "who");
                    assertTrue(pid instanceof Pid);
                    answered++;
                } catch (CallException e) {
                    assertTrue(
                            e.reason().equals(ExitReason.noproc()) || e.reason().equals(ExitReason.killed()),
                            () -> "a clean failure, not " + e.reason());
                    failed++;
                }
            }
            // the restart has happened once the supervisor reports a new pid
            Pid current;
            while (true) {
                Optional<Pid> p = Supervisor.whichChildren(self, sup).getFirst().pid();
                if (p.isPresent() && !p.get().equals(first)) {
                    current = p.get();
                    break;
                }
                self.receive(m -> null, Duration.ofMillis(1));
            }
            Object answer = GenServer.call(self, "svc", "who");
            return List.of(answered + failed, current, self.whereis("svc").orElseThrow(), answer, first);
        });
        assertEquals(3, got.get(0));
        assertEquals(got.get(1), got.get(2), "the name points at the child the supervisor reports");
        assertEquals(got.get(1), got.get(3), "calls by name reach the new child");
        assertTrue(!got.get(1).equals(got.get(4)), "the child was restarted");
    }
}
