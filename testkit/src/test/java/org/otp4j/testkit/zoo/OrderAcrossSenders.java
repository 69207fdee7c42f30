package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.otp4j.Matcher;
import org.otp4j.MessageHandler;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.testkit.TestNode;

/**
 * Ordering assumed across different senders: a client opens a session on a log server, then hands a line
 * to a worker that appends it. "Open" goes client to log, "append" goes client to worker to log; nothing
 * orders the two, and a log that sees the append first drops it. Fixed: the client waits for the open to
 * be acknowledged (a call) before it hands the line on.
 */
final class OrderAcrossSenders {
    private OrderAcrossSenders() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "order-across-senders",
            "open (client to log) and append (client to worker to log) assumed to arrive in order",
            List.of("the line is in the session ==> expected: <[hello]> but was: <[]>"),
            node -> run(node, false),
            node -> run(node, true));

    record Open(int session) {}

    record Append(int session, String line) {}

    record Read(int session) {}

    record Job(int session, String line, Pid replyTo) {}

    /** Lines per open session; an append to a session that is not open is dropped. */
    static MessageHandler logServer() {
        return new MessageHandler() {
            private final Map<Integer, List<String>> sessions = new HashMap<>();

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message instanceof Open o) {
                    sessions.put(o.session(), new ArrayList<>());
                } else if (message instanceof Rpc.Request r) {
                    switch (r.body()) {
                        case Open o -> {
                            sessions.put(o.session(), new ArrayList<>());
                            Rpc.reply(self, r, "opened");
                        }
                        case Append a -> {
                            List<String> lines = sessions.get(a.session());
                            if (lines != null) {
                                lines.add(a.line());
                            }
                            Rpc.reply(self, r, lines != null ? "ok" : "no such session"); // the worker ignores it
                        }
                        case Read q -> Rpc.reply(self, r, List.copyOf(sessions.getOrDefault(q.session(), List.of())));
                        default -> {}
                    }
                }
            }
        };
    }

    static void run(TestNode node, boolean fixed) {
        Object lines = node.run(self -> {
            Pid log = self.spawn(logServer());
            Pid worker = self.spawn(p -> {
                Job job = p.receive(Matcher.type(Job.class));
                Rpc.call(p, log, new Append(job.session(), job.line()));
                p.send(job.replyTo(), "written");
            });
            if (fixed) {
                Rpc.call(self, log, new Open(7)); // acknowledged: the session is open before anyone appends
            } else {
                self.send(log, new Open(7)); // sent first, but not necessarily received first
            }
            self.send(worker, new Job(7, "hello", self.self()));
            Rpc.await(self, "written");
            return Rpc.call(self, log, new Read(7));
        });
        assertEquals(List.of("hello"), lines, "the line is in the session");
    }
}
