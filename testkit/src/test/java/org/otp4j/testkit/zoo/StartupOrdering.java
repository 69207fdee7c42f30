package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.testkit.TestNode;

/**
 * Start-up ordering: an application starts a database, which registers itself as "db" in its body, and
 * then a cache that loads from "db" as it starts. The cache may start before the database has registered,
 * and crash. Fixed: the database acknowledges that it is ready (registered) and the application waits
 * for that before it starts the cache, as {@code proc_lib:start_link} does.
 */
final class StartupOrdering {
    private StartupOrdering() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "startup-ordering",
            "a dependent process starts before the process it needs has registered its name",
            List.of("NotRegisteredException: no process is registered as 'db'"),
            node -> run(node, false),
            node -> run(node, true));

    /** Registers as "db", acknowledges, and serves one value. */
    static void database(ProcessContext p, Pid parent) {
        p.register("db");
        p.send(parent, "db ready");
        while (true) {
            if (p.receive() instanceof Rpc.Request r) {
                Rpc.reply(p, r, "warm");
            }
        }
    }

    /** Loads its contents from "db" at start-up, then serves them. */
    static void cache(ProcessContext p) {
        Object contents = Rpc.call(p, "db", "load"); // fails if "db" is not registered yet
        while (true) {
            if (p.receive() instanceof Rpc.Request r) {
                Rpc.reply(p, r, contents);
            }
        }
    }

    static void run(TestNode node, boolean fixed) {
        Object value = node.run(self -> {
            Pid me = self.self();
            self.spawn(p -> database(p, me));
            if (fixed) {
                Rpc.await(self, "db ready"); // start the next one only when this one is ready
            }
            Pid cache = self.spawn(StartupOrdering::cache);
            return Rpc.call(self, cache, "get");
        });
        assertEquals("warm", value, "the cache serves what it loaded");
    }
}
