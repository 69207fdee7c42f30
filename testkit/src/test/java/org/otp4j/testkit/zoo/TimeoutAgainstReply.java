package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.testkit.TestNode;

/**
 * Timeout against reply: a client looks alice up with a timeout, gives up on her, and looks bob up. The
 * directory answers alice just as the timeout expires; the reply is untagged, so the late answer about
 * alice is taken as the answer about bob. Fixed: requests carry a fresh reference and the client takes
 * only the reply with that tag (the late one stays queued, harmless).
 */
final class TimeoutAgainstReply {
    private TimeoutAgainstReply() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "timeout-against-reply",
            "an untagged late reply to a timed-out call is taken as the reply to the next call",
            List.of("expected: <bob@example.org> but was: <alice@example.org>"),
            TimeoutAgainstReply::buggy,
            TimeoutAgainstReply::fixed);

    static final Duration TIMEOUT = Duration.ofMillis(100);
    static final Map<String, String> EMAILS = Map.of("alice", "alice@example.org", "bob", "bob@example.org");

    /** The untagged protocol: the reply is the bare address. */
    record Lookup(Pid from, String key) {}

    static void buggy(TestNode node) {
        String bob = node.run(self -> {
            Pid directory = self.spawn(p -> {
                while (true) {
                    Lookup l = p.receive(Matcher.type(Lookup.class));
                    if (l.key().equals("alice")) {
                        Rpc.work(p, TIMEOUT); // a slow disk: exactly as long as the client waits
                    }
                    p.send(l.from(), EMAILS.get(l.key()));
                }
            });
            lookup(self, directory, "alice"); // may time out: the client shows "unknown" and goes on
            return lookup(self, directory, "bob").orElse("unknown");
        });
        assertEquals("bob@example.org", bob);
    }

    static Optional<String> lookup(ProcessContext self, Pid directory, String key) {
        self.send(directory, new Lookup(self.self(), key));
        return self.receive(Matcher.type(String.class), TIMEOUT); // any address, a late one included
    }

    static void fixed(TestNode node) {
        Object bob = node.run(self -> {
            Pid directory = self.spawn(p -> {
                while (true) {
                    Rpc.Request r = p.receive(Matcher.type(Rpc.Request.class));
                    if (r.body().equals("alice")) {
                        Rpc.work(p, TIMEOUT);
                    }
                    Rpc.reply(p, r, EMAILS.get((String) r.body()));
                }
            });
            Rpc.call(self, directory, "alice", TIMEOUT);
            return Rpc.call(self, directory, "bob", TIMEOUT).orElse("unknown");
        });
        assertEquals("bob@example.org", bob);
    }
}
