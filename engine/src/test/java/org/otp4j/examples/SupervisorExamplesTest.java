package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Name;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.registry.Registry;
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
                // the registry tells this process whenever a name is taken or given up
                Registry services = Registry.builder(Registry.Keys.UNIQUE)
                        .listener(self.self())
                        .build(node);
                Name name = services.via("counter");
                ChildSpec counter = ChildSpec.server(
                        "counter", Counter::new, SpawnOptions.defaults().name(name));
                Pid sup = Supervisor.startLink(self, Flags.oneForOne(), List.of(counter))
                        .pid();
                Pid first = self.receive(m -> m instanceof Registry.Registered r ? r.pid() : null);
                GenServer.call(self, name, "next"); // 1
                try {
                    GenServer.call(self, name, "crash");
                } catch (CallException e) {
                    // the server died during the call; its supervisor restarts it under the same name
                }
                self.receive(
                        m -> m instanceof Registry.Unregistered u && u.pid().equals(first) ? u : null);
                Pid second = self.receive(m -> m instanceof Registry.Registered r ? r.pid() : null);
                assert second.equals(
                        Supervisor.whichChildren(self, sup).getFirst().pid().orElseThrow());
                return (Integer) GenServer.call(self, name, "next"); // a fresh counter: 1 again
            });
            assertEquals(1, afterRestart);
        }
    }
}
