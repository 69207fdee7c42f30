package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.registry.Registry;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.StartResult;

/** The org.otp4j.registry package example, compiled and run: keep it identical to the snippet. */
class RegistryExamplesTest {

    // --- org.otp4j.registry package-info snippet ---
    record Session(String user) implements GenServer<List<String>> {
        public InitResult<List<String>> init(ProcessContext self) {
            return InitResult.ok(List.of());
        }

        public CallResult<List<String>> handleCall(ProcessContext self, Object request, From from, List<String> seen) {
            List<String> now = new ArrayList<>(seen);
            now.add(request.toString());
            return CallResult.reply(now, List.copyOf(now));
        }
    }

    @Test
    void packageInfo_sessionsByViaNameAndATopic() {
        try (Node node = Node.builder().build()) {
            Registry sessions =
                    Registry.builder(Registry.Keys.UNIQUE).name("sessions").build(node);
            Registry topics =
                    Registry.builder(Registry.Keys.DUPLICATE).name("topics").build(node);
            List<Object> got = node.run(self -> {
                SpawnOptions ada = SpawnOptions.defaults().name(sessions.via("ada"));
                Pid first = GenServer.start(self, new Session("ada"), ada).pid();
                StartResult again = GenServer.start(self, new Session("ada"), ada); // AlreadyStarted(first)

                topics.register(self, "news", "subscriber-1"); // this process subscribes
                topics.dispatch("news", entries -> entries.forEach(e -> self.send(e.pid(), "hello")));

                GenServer.call(self, sessions.via("ada"), "login");
                Object seen = GenServer.call(self, sessions.via("ada"), "view"); // [login, view]
                // --- end of snippet ---
                return List.of(first, again, seen, self.receive());
            });
            assertEquals(new StartResult.AlreadyStarted((Pid) got.get(0)), got.get(1));
            assertEquals(List.of("login", "view"), got.get(2));
            assertEquals("hello", got.get(3));
        }
    }
}
