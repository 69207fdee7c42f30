package org.otp4j.testkit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.otp4j.MessageHandler;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.testkit.TestNode;

/**
 * Mutual call deadlock: two account servers, "a" and "b". A transfer debits one and calls the other to
 * credit it. When both get a transfer at about the same time, each waits for the other's reply while the
 * other's request waits in its mailbox. Fixed: the credit is a message, and its acknowledgement comes
 * back as a message; no server ever waits for the other.
 */
final class MutualCallDeadlock {
    private MutualCallDeadlock() {}

    static final Exhibit EXHIBIT = new Exhibit(
            "mutual-call-deadlock",
            "two servers each handle a request by calling the other",
            List.of("deadlock: every process is blocked"),
            node -> run(node, false),
            node -> run(node, true));

    record Transfer(int amount) {}

    record Credit(int amount) {}

    /** The fixed protocol's credit, carrying the client's request to answer once it is applied. */
    record CreditFor(int amount, Rpc.Request origin) {}

    record Credited(Rpc.Request origin) {}

    /** Buggy: the transfer waits, inside the handler, for the peer to credit. */
    static MessageHandler account(String peer) {
        return new MessageHandler() {
            private int balance = 100;

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message instanceof Rpc.Request r) {
                    switch (r.body()) {
                        case Transfer t -> {
                            balance -= t.amount();
                            Rpc.call(self, peer, new Credit(t.amount())); // the peer may be calling us right now
                            Rpc.reply(self, r, "done");
                        }
                        case Credit c -> {
                            balance += c.amount();
                            Rpc.reply(self, r, "credited");
                        }
                        default -> Rpc.reply(self, r, balance);
                    }
                }
            }
        };
    }

    /** Fixed: the transfer sends the credit and answers the client when the peer confirms. */
    static MessageHandler asyncAccount(String peer) {
        return new MessageHandler() {
            private int balance = 100;

            @Override
            public void handle(ProcessContext self, Object message) {
                switch (message) {
                    case CreditFor c -> {
                        balance += c.amount();
                        self.send(peer, new Credited(c.origin()));
                    }
                    case Credited c -> Rpc.reply(self, c.origin(), "done");
                    case Rpc.Request r -> {
                        if (r.body() instanceof Transfer t) {
                            balance -= t.amount();
                            self.send(peer, new CreditFor(t.amount(), r)); // no waiting
                        } else {
                            Rpc.reply(self, r, balance);
                        }
                    }
                    default -> {}
                }
            }
        };
    }

    static void run(TestNode node, boolean fixed) {
        int total = node.run(self -> {
            self.spawn(
                    fixed ? asyncAccount("b") : account("b"),
                    SpawnOptions.defaults().name("a"));
            self.spawn(
                    fixed ? asyncAccount("a") : account("a"),
                    SpawnOptions.defaults().name("b"));
            var me = self.self();
            self.spawn(p -> {
                Rpc.call(p, "a", new Transfer(10));
                p.send(me, "done");
            });
            self.spawn(p -> {
                Rpc.call(p, "b", new Transfer(20));
                p.send(me, "done");
            });
            Rpc.await(self, "done");
            Rpc.await(self, "done");
            return (Integer) Rpc.call(self, "a", "balance") + (Integer) Rpc.call(self, "b", "balance");
        });
        assertEquals(200, total, "transfers keep the total");
    }
}
