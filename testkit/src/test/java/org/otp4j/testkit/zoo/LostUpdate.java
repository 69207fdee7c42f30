package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.otp4j.MessageHandler;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.testkit.TestNode;

/**
 * Lost update across two calls: two clients each read a counter and write back the value plus one. Both
 * may read 0 before either writes, and one increment is lost. Fixed: the server increments.
 */
final class LostUpdate {
    private LostUpdate() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "lost-update",
            "read-modify-write across two calls to a get/set counter",
            List.of("two increments make two ==> expected: <2> but was: <1>"),
            LostUpdate::buggy,
            LostUpdate::fixed);

    /** A counter with get and set only. */
    static MessageHandler getSetCounter() {
        return Rpc.server(
                0, (state, body) -> body instanceof Integer v ? new Object[] {v, v} : new Object[] {state, state});
    }

    /** A counter that increments on "inc". */
    static MessageHandler incrementingCounter() {
        return Rpc.server(0, (state, body) -> {
            int v = (Integer) state + (body.equals("inc") ? 1 : 0);
            return new Object[] {v, v};
        });
    }

    static void buggy(TestNode node) {
        int value = node.run(self -> {
            Pid counter = self.spawn(getSetCounter());
            twoClients(self, p -> {
                int v = (Integer) Rpc.call(p, counter, "get"); // read ...
                Rpc.call(p, counter, v + 1); // ... and write back: not atomic
            });
            return (Integer) Rpc.call(self, counter, "get");
        });
        assertEquals(2, value, "two increments make two");
    }

    static void fixed(TestNode node) {
        int value = node.run(self -> {
            Pid counter = self.spawn(incrementingCounter());
            twoClients(self, p -> Rpc.call(p, counter, "inc")); // one call, atomic in the server
            return (Integer) Rpc.call(self, counter, "get");
        });
        assertEquals(2, value, "two increments make two");
    }

    /** Runs {@code client} in two processes and waits for both. */
    private static void twoClients(ProcessContext self, org.otp4j.ProcessBody client) {
        Pid me = self.self();
        for (int i = 0; i < 2; i++) {
            self.spawn(p -> {
                client.run(p);
                p.send(me, "done");
            });
        }
        Rpc.await(self, "done");
        Rpc.await(self, "done");
    }
}
