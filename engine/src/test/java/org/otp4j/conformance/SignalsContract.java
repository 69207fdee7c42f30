package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Node;
import org.otp4j.NotRegisteredException;
import org.otp4j.Pid;

/** SEMANTICS.md S1-S6: signal ordering, selective receive, sends to the dead and to names. */
public abstract class SignalsContract extends ConformanceBase {

    protected SignalsContract(NodeFactory factory) {
        super(factory);
    }

    record Msg(int n) {}

    @Test
    void S1_messagesFromOneSenderArriveInOrderAndBeforeALaterExitSignal() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            Pid collector = self.spawn(p -> {
                p.trapExit(true);
                p.send(me, "trapping"); // the exit signal must not arrive before this
                Pid parent = p.receive(Matcher.type(Pid.class));
                List<Object> seen = new ArrayList<>();
                while (seen.size() < 101) {
                    seen.add(p.receive());
                }
                p.send(parent, seen);
            });
            expect(self, m -> m.equals("trapping") ? m : null, "the collector trapping exits");
            self.send(collector, self.self());
            Pid sender = self.spawn(p -> {
                for (int i = 0; i < 100; i++) {
                    p.send(collector, new Msg(i));
                }
                p.exit(collector, ExitReason.of("stop"));
            });
            @SuppressWarnings("unchecked")
            List<Object> seen = expect(self, m -> m instanceof List<?> l ? (List<Object>) l : null, "the list");
            seen.add(sender);
            return seen;
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(new Msg(i), got.get(i));
        }
        assertEquals(new Exit((Pid) got.get(101), ExitReason.of("stop")), got.get(100));
    }

    @Test
    void S1_messageSentBeforeDyingIsSeenBeforeTheDown() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            var child = self.spawnMonitor(p -> p.send(me, "last words"));
            Object first = expect(self, m -> m.equals("last words") || m instanceof Down ? m : null, "a message");
            Down d = down(self, child.monitor());
            return List.of(first, d.reason());
        });
        assertEquals(List.of("last words", ExitReason.normal()), got);
    }

    @Test
    void S2_messagesThroughAThirdProcessMayOvertakeDirectOnes() {
        assumeTrue(controlled(), "only a controlled scheduler can be made to produce both orders");
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 1; seed <= 200 && orders.size() < 2; seed++) {
            try (Node n = newNode(seed)) {
                orders.add(n.run(
                        self -> {
                            Pid c = self.spawn(p -> {
                                Pid parent = p.receive(Matcher.type(Pid.class));
                                List<String> seen = new ArrayList<>();
                                seen.add(p.receive(Matcher.type(String.class)));
                                seen.add(p.receive(Matcher.type(String.class)));
                                p.send(parent, List.copyOf(seen));
                            });
                            self.send(c, self.self());
                            Pid b = self.spawn(p -> p.send(c, p.receive(Matcher.type(String.class))));
                            self.send(c, "m1");
                            self.send(b, "m2");
                            @SuppressWarnings("unchecked")
                            List<String> seen =
                                    expect(self, m -> m instanceof List<?> l ? (List<String>) l : null, "order");
                            return seen;
                        },
                        Duration.ofSeconds(60)));
            }
        }
        assertEquals(Set.of(List.of("m1", "m2"), List.of("m2", "m1")), orders);
    }

    @Test
    void S3_selectiveReceiveTakesTheFirstMatchAndKeepsTheRestInOrder() {
        List<Object> got = run(self -> {
            for (int i = 1; i <= 6; i++) {
                self.send(self.self(), new Msg(i));
            }
            List<Object> seen = new ArrayList<>();
            seen.add(self.receive(m -> m instanceof Msg(int n) && n % 2 == 0 ? n : null));
            seen.add(self.receive(m -> m instanceof Msg(int n) && n > 4 ? n : null));
            while (true) {
                Optional<Object> m = self.receive(Duration.ZERO);
                if (m.isEmpty()) {
                    break;
                }
                seen.add(((Msg) m.get()).n());
            }
            return seen;
        });
        assertEquals(List.of(2, 5, 1, 3, 4, 6), got);
    }

    @Test
    void S3_receiveWithTimeoutZeroIsAPoll() {
        List<Object> got = run(self -> {
            Optional<Object> empty = self.receive(Duration.ZERO);
            self.send(self.self(), "x");
            Optional<Object> one = self.receive(Duration.ZERO);
            Optional<String> none = self.receive(m -> m instanceof String s ? s : null, Duration.ZERO);
            return List.of(empty, one, none);
        });
        assertEquals(List.of(Optional.empty(), Optional.of("x"), Optional.empty()), got);
    }

    @Test
    void S3_aReceiveWakesForAMatchThatArrivesAfterItBlocked() {
        Integer got = run(self -> {
            Pid me = self.self();
            self.spawn(p -> {
                p.send(me, "noise");
                p.send(me, new Msg(7));
            });
            return self.receive(m -> m instanceof Msg(int n) ? n : null);
        });
        assertEquals(7, got);
    }

    @Test
    void S4_sendingToADeadProcessIsASilentNoOp() {
        run(self -> {
            Pid dead = self.spawn(p -> {});
            awaitEnd(self, dead);
            self.send(dead, "into the void");
            return null;
        });
        Pid dead = node.spawn(p -> {});
        run(self -> awaitEnd(self, dead));
        node.send(dead, "from the host");
    }

    @Test
    void S4_sendingToAnUnregisteredNameFailsAtOnce() {
        NotRegisteredException e = run(self -> {
            try {
                self.send("nobody", "hello");
                return null;
            } catch (NotRegisteredException x) {
                return x;
            }
        });
        assertTrue(e.getMessage().contains("'nobody'"), e.getMessage());
        assertThrows(NotRegisteredException.class, () -> node.send("nobody", "hello"));
    }

    @Test
    void S5_aNameIsReleasedBeforeTheDownAndExitSignalsGoOut() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            Pid me = self.self();
            Pid holder = self.spawnLink(p -> {
                p.register("svc");
                p.send(me, "registered");
                p.receive(m -> m.equals("go") ? m : null);
                throw new IllegalStateException("crash");
            });
            expect(self, m -> m.equals("registered") ? m : null, "registration");
            Object monitorRef = self.monitor("svc");
            self.send(holder, "go");
            Exit exit = expect(self, m -> m instanceof Exit e ? e : null, "EXIT");
            self.register("svc"); // must not fail: the name went before the signals
            Down d = expect(self, m -> m instanceof Down x && x.ref().equals(monitorRef) ? x : null, "DOWN");
            return List.of(
                    exit.from().equals(holder),
                    d.monitored(),
                    self.whereis("svc").orElseThrow(),
                    me);
        });
        assertEquals(true, got.get(0));
        assertEquals("svc", got.get(1));
        assertEquals(got.get(3), got.get(2));
    }

    @Test
    void S6_messagesArePassedByReferenceAndMustBeImmutableValues() {
        record Payload(List<Integer> values) {}
        Payload sent = new Payload(List.of(1, 2, 3));
        Object received = run(self -> {
            self.send(self.self(), sent);
            return self.receive();
        });
        assertSame(sent, received, "messages are shared, not copied: they must be immutable");
        assertThrows(NullPointerException.class, () -> node.send(node.spawn(p -> {}), null));
    }

    @Test
    void S1_aNoprocAnswerNeverOvertakesTheDownTheDyingProcessSent() {
        List<Object> got = run(self -> {
            Pid b = self.spawn(p -> {
                p.receive(m -> m.equals("die") ? m : null);
            });
            for (int i = 0; i < 200; i++) { // other watchers make b's termination take a while
                self.spawn(p -> {
                    p.monitor(b);
                    p.receive(m -> null);
                });
            }
            var r1 = self.monitor(b);
            self.send(b, "die");
            org.otp4j.Ref r2;
            Down second;
            do { // monitor again until the monitor is answered noproc: b's inbox is closed by then
                r2 = self.monitor(b);
                org.otp4j.Ref ref = r2;
                second = expect(self, m -> m instanceof Down d && d.ref().equals(ref) ? d : null, "DOWN");
            } while (!second.reason().equals(ExitReason.noproc()));
            boolean firstAlreadyHere = self.receive(
                            m -> m instanceof Down d && d.ref().equals(r1) ? d : null, Duration.ZERO)
                    .isPresent();
            return List.of(firstAlreadyHere);
        });
        assertEquals(List.of(true), got, "the noproc DOWN came before the DOWN b sent as it died");
    }
}
