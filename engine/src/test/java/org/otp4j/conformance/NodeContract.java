package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Pid;

/** Node-level behaviour: pids, exception reasons, run, handler processes, shutdown. */
public abstract class NodeContract extends ConformanceBase {

    protected NodeContract(NodeFactory factory) {
        super(factory);
    }

    @Test
    void pids_areUniqueOrderedAndNeverReused() {
        Pid a = node.spawn(self -> {});
        Pid b = node.spawn(self -> {});
        run(self -> awaitEnd(self, a));
        Pid c = node.spawn(self -> {});
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0);
        assertNotEquals(a, c);
        assertEquals("<" + a.node() + "." + a.serial() + ">", a.toString());
    }

    @Test
    void anExceptionEscapingABody_isTheExitReasonWithItsStack() {
        IllegalStateException boom = new IllegalStateException("boom");
        Down d = run(self -> {
            var s = self.spawnMonitor(p -> {
                throw boom;
            });
            return down(self, s.monitor());
        });
        ExitReason.Failure f = assertInstanceOf(ExitReason.Failure.class, d.reason());
        assertSame(boom, f.error());
        assertTrue(f.error().getStackTrace().length > 0);
    }

    @Test
    void run_rethrowsTheFunctionsExceptionAndReportsOtherExits() {
        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class,
                () -> run(self -> {
                    throw new IllegalArgumentException("from the function");
                }));
        assertEquals("from the function", thrown.getMessage());
        ExitException exit = assertThrows(
                ExitException.class,
                () -> run(self -> {
                    throw self.exit(ExitReason.of("custom"));
                }));
        assertEquals(ExitReason.of("custom"), exit.reason());
    }

    @Test
    void handlerProcesses_handleMessagesInOrderAndHoldNoThreadWhenIdle() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            Pid counter = self.spawn(new org.otp4j.MessageHandler() {
                int count;

                @Override
                public void started(org.otp4j.ProcessContext p) {
                    count = 100;
                }

                @Override
                public void handle(org.otp4j.ProcessContext p, Object m) {
                    if (m.equals("get")) {
                        p.send(me, count);
                    } else if (m.equals("stop")) {
                        throw p.exit(ExitReason.normal());
                    } else {
                        count++;
                    }
                }
            });
            for (int i = 0; i < 5; i++) {
                self.send(counter, "inc");
            }
            self.send(counter, "get");
            Object count = expect(self, m -> m instanceof Integer i ? i : null, "count");
            var status = node.info(counter).orElseThrow().status();
            Pid echoer = self.spawn((p, m) -> {
                if (m instanceof Ping ping) {
                    p.send(ping.from(), new Pong(ping.token()));
                }
            });
            sync(self, echoer);
            var monitor = self.monitor(counter);
            self.send(counter, "stop");
            return List.of(count, status, down(self, monitor).reason());
        });
        assertEquals(105, got.get(0));
        assertTrue(
                got.get(1) == org.otp4j.ProcessStatus.IDLE || got.get(1) == org.otp4j.ProcessStatus.RUNNING,
                got.get(1)::toString);
        assertEquals(ExitReason.normal(), got.get(2));
    }

    @Test
    void close_endsEveryProcessTrappingOrNot() {
        Pid plain = node.spawn(self -> self.receive(m -> null));
        Pid trapping = node.spawn(self -> {
            self.trapExit(true);
            self.receive(m -> m instanceof org.otp4j.Exit ? m : null); // leaves on the shutdown EXIT
        });
        Pid stubborn = node.spawn(self -> {
            self.trapExit(true);
            self.receive(m -> null); // ignores the shutdown EXIT: killed after the grace period
        });
        Pid handler = node.spawn((self, m) -> {});
        assertEquals(List.of(plain, trapping, stubborn, handler), node.processes());
        node.close();
        assertEquals(List.of(), node.processes());
        for (Pid p : List.of(plain, trapping, stubborn, handler)) {
            assertTrue(!node.isAlive(p), p + " still alive");
        }
    }

    @Test
    void close_endsTrappingProcessesThatNeverStopTalking() {
        Pid a = node.spawn(self -> {
            self.trapExit(true);
            Pid other = self.receive(org.otp4j.Matcher.type(Pid.class));
            while (true) {
                self.send(other, "ping");
                self.receive(m -> m.equals("ping") ? m : null);
            }
        });
        node.spawn(self -> {
            self.trapExit(true);
            self.send(a, self.self());
            while (true) {
                self.receive(m -> m.equals("ping") ? m : null);
                self.send(a, "ping");
            }
        });
        node.close();
        assertEquals(List.of(), node.processes());
    }

    @Test
    void close_fromInsideAProcessFails() {
        IllegalStateException e = run(self -> {
            try {
                node.close();
                return null;
            } catch (IllegalStateException x) {
                return x;
            }
        });
        assertTrue(e.getMessage().contains("from inside process"), e.getMessage());
        assertTrue(!node.isClosed());
    }

    @Test
    void handlerOnARejectingExecutor_fallsBackAndStillHandlesMessages() {
        java.util.concurrent.Executor rejecting = r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        Object got = run(self -> {
            Pid me = self.self();
            Pid h = self.spawn(
                    (p, m) -> p.send(me, "handled " + m),
                    org.otp4j.SpawnOptions.defaults().executor(rejecting));
            self.send(h, "x");
            return expect(self, m -> m instanceof String s && s.startsWith("handled") ? s : null, "reply");
        });
        assertEquals("handled x", got);
    }

    @Test
    void aliases_aMessageToADeactivatedAliasIsDroppedEvenIfAlreadyOnItsWay() {
        List<Object> got = run(self -> {
            org.otp4j.Alias alias = self.alias();
            Pid me = self.self();
            Pid echo = self.spawn((p, m) -> {
                if (m instanceof org.otp4j.Alias a) {
                    p.send(a, "to the alias");
                    p.send(me, "marker"); // same sender, so it arrives after the alias message
                }
            });
            self.send(echo, alias);
            Object first = expect(self, m -> m.equals("to the alias") ? m : null, "alias message");
            self.send(echo, alias);
            boolean wasActive = self.unalias(alias); // the second one may already be on its way
            expect(self, m -> m.equals("marker") ? m : null, "first marker");
            expect(self, m -> m.equals("marker") ? m : null, "second marker");
            boolean dropped = self.receive(m -> m.equals("to the alias") ? m : null, java.time.Duration.ZERO)
                    .isEmpty();
            return List.of(first, wasActive, dropped, self.unalias(alias));
        });
        assertEquals(List.of("to the alias", true, true, false), got);
    }
}
