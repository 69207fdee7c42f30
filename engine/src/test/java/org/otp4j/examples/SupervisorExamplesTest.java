package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Supervisor;

/** The org.otp4j.supervisor package example, compiled and run: keep it identical to the snippet. */
class SupervisorExamplesTest {

    // --- org.otp4j.supervisor package-info snippet ---
    record Counter() implements GenServer<Integer> {
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0);
        }

        public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
            return switch (String.valueOf(request)) {
                case "next" -> CallResult.reply(n + 1, n + 1);
                case "crash" -> throw new IllegalStateException("asked to crash");
                default -> CallResult.reply(n, n);
            };
        }
    }

    @Test
    void packageInfo_aNamedServiceIsRestartedUnderItsName() {
        try (Node node = Node.builder().build()) {
            int afterRestart = node.run(self -> {
                ChildSpec counter = ChildSpec.server(
                        "counter", Counter::new, SpawnOptions.defaults().name("counter"));
                Pid sup = Supervisor.startLink(self, Flags.oneForOne(), List.of(counter))
                        .pid();
                GenServer.call(self, "counter", "next"); // 1
                Pid first = self.whereis("counter").orElseThrow();
                Ref watch = self.monitor(first);
                try {
                    GenServer.call(self, "counter", "crash");
                } catch (CallException e) {
                    // the server died during the call; its supervisor restarts it
                }
                self.receive(m -> m instanceof Down d && d.ref().equals(watch) ? d : null);
                // the name was released before the DOWN went out; wait for the new counter to take it
                while (self.whereis("counter").isEmpty()) {
                    self.receive(m -> null, Duration.ofMillis(1));
                }
                Pid second =
                        Supervisor.whichChildren(self, sup).getFirst().pid().orElseThrow();
                return (Integer) GenServer.call(self, second, "next"); // a fresh counter: 1 again
            });
            assertEquals(1, afterRestart);
        }
    }
}
