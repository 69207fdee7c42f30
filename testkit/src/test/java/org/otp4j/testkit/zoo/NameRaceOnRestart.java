package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.otp4j.Down;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.testkit.TestNode;

/**
 * Name race on restart: a config server registered as "config" is reloaded by stopping it and starting a
 * new one, which registers the name in its own body. The old server may still hold the name (the new one
 * dies registering), may already be gone (a call finds no "config"), or may take the call and stop. Fixed:
 * wait for the old server's DOWN (its name is released before the DOWN goes out), then spawn the new one
 * with the name, registered before it runs.
 */
final class NameRaceOnRestart {
    private NameRaceOnRestart() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "name-race-on-restart",
            "a restarted server registers its name in its own body while the old one may hold it",
            List.of(
                    "no process is registered as 'config'",
                    "the server exited with normal",
                    "AlreadyRegisteredException"),
            node -> run(node, false),
            node -> run(node, true));

    /** Serves {@code value} until told to stop. */
    static ProcessBody configServer(String value, boolean registersItself) {
        return p -> {
            if (registersItself) {
                p.register("config");
            }
            while (true) {
                Object m = p.receive();
                if (m.equals("stop")) {
                    return;
                }
                if (m instanceof Rpc.Request r) {
                    Rpc.reply(p, r, value);
                }
            }
        };
    }

    static void run(TestNode node, boolean fixed) {
        Object value = node.run(self -> {
            self.spawn(configServer("v1", false), SpawnOptions.defaults().name("config"));
            // reload
            if (fixed) {
                Pid old = self.whereis("config").orElseThrow();
                Ref gone = self.monitor(old);
                self.send(old, "stop");
                self.receive(m -> m instanceof Down d && d.ref().equals(gone) ? d : null);
                self.spawn(configServer("v2", false), SpawnOptions.defaults().name("config"));
            } else {
                self.send("config", "stop"); // asynchronous: the old server still holds the name for a while
                self.spawn(configServer("v2", true));
            }
            return Rpc.call(self, "config", "get");
        });
        assertEquals("v2", value, "after a reload, config serves the new value");
    }
}
