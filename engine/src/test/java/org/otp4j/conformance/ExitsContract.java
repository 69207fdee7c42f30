package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Exit;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;

/** SEMANTICS.md E1-E10: links, exit signals, trap_exit, and the per-process mailbox limit. */
public abstract class ExitsContract extends ConformanceBase {

    protected ExitsContract(NodeFactory factory) {
        super(factory);
    }

    private static Exit exitFrom(ProcessContext self, Pid from) {
        return expect(self, m -> m instanceof Exit e && e.from().equals(from) ? e : null, "EXIT from " + from);
    }

    @Test
    void E1_linksAreBidirectionalAtMostOnePerPairAndSpawnLinkIsAtomic() {
        List<Object> got = run(self -> {
            Pid b = echo(self, false);
            self.link(b);
            self.link(b); // a no-op
            sync(self, b); // b has handled the LINK that preceded the Ping
            List<Pid> mine = node.info(self.self()).orElseThrow().links();
            List<Pid> theirs = node.info(b).orElseThrow().links();
            Pid child = self.spawnLink(p -> p.receive());
            List<Pid> childLinks = node.info(child).orElseThrow().links(); // linked before it ran
            return List.of(self.self(), b, mine, theirs, child, childLinks);
        });
        Pid me = (Pid) got.get(0);
        Pid b = (Pid) got.get(1);
        assertEquals(List.of(b), got.get(2), "one link to b, however often linked");
        assertEquals(List.of(me), got.get(3));
        assertEquals(List.of(me), got.get(5));
    }

    @Test
    void E1_aLinkCarriesExitsInBothDirections() {
        List<ExitReason> got = run(self -> {
            self.trapExit(true);
            Pid linked = echo(self, false);
            self.link(linked);
            sync(self, linked);
            self.exit(linked, ExitReason.of("boom")); // the process we linked to dies: we hear of it
            ExitReason toLinker = exitFrom(self, linked).reason();
            Pid me = self.self();
            Pid linker = self.spawn(p -> {
                p.link(me); // it links to us, then dies: we hear of it too
                throw p.exit(ExitReason.of("boom2"));
            });
            ExitReason toLinked = exitFrom(self, linker).reason();
            return List.of(toLinker, toLinked);
        });
        assertEquals(List.of(ExitReason.of("boom"), ExitReason.of("boom2")), got);
    }

    @Test
    void E2_normalExitSignalIsIgnoredUnlessTrappedAndExitSelfNormalEnds() {
        List<Object> got = run(self -> {
            Pid plain = echo(self, false);
            self.exit(plain, ExitReason.normal());
            sync(self, plain); // still alive and answering
            boolean plainAlive = node.isAlive(plain);

            Pid me = self.self();
            Pid trapper = self.spawn(p -> {
                p.trapExit(true);
                p.send(me, "trapping");
                p.send(me, p.receive(Matcher.type(Exit.class)));
            });
            expect(self, m -> m.equals("trapping") ? m : null, "trapping");
            self.exit(trapper, ExitReason.normal());
            Exit trapped = expect(self, Matcher.type(Exit.class), "the trapped EXIT");

            var suicide = self.spawnMonitor(p -> {
                p.exit(p.self(), ExitReason.normal());
                p.send(p.self(), "unreachable");
            });
            ExitReason own = down(self, suicide.monitor()).reason();
            return List.of(plainAlive, trapped, own, me);
        });
        assertEquals(true, got.get(0));
        assertEquals(new Exit((Pid) got.get(3), ExitReason.normal()), got.get(1));
        assertEquals(ExitReason.normal(), got.get(2));
    }

    @Test
    void E3_killIsUntrappableAndLinkedProcessesSeeKilled() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            Pid victim = self.spawnLink(p -> {
                p.trapExit(true);
                p.receive(m -> null);
            });
            self.spawn(p -> p.exit(victim, ExitReason.kill()));
            return List.of(exitFrom(self, victim).reason(), node.isAlive(victim));
        });
        assertEquals(List.of(ExitReason.killed(), false), got, "the trapping victim died, and with killed");
    }

    @Test
    void E4_killArrivingThroughALinkIsTrappableAndStaysKill() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            Pid me = self.self();
            var plain = self.spawnMonitor(p -> p.receive(m -> null));
            Pid dier = self.spawn(p -> {
                p.link(me);
                p.link(plain.pid());
                throw p.exit(ExitReason.kill()); // dies with reason kill, which travels the links
            });
            ExitReason trapped = exitFrom(self, dier).reason();
            ExitReason plainReason = down(self, plain.monitor()).reason();
            return List.of(trapped, plainReason, node.isAlive(me));
        });
        assertEquals(ExitReason.kill(), got.get(0), "a trapping process gets kill, not killed");
        assertEquals(ExitReason.kill(), got.get(1), "a non-trapping one dies with kill");
        assertEquals(true, got.get(2));
    }

    @Test
    void E5_anAbnormalReasonCascadesAlongLinks() {
        List<ExitReason> got = run(self -> {
            var a = self.spawnMonitor(p -> p.receive(m -> null));
            var c = self.spawnMonitor(p -> {
                p.receive(m -> m.equals("crash") ? m : null);
                throw new IllegalStateException("deep");
            });
            // b links to both and then tells c to crash: its LINK reaches c before the order does (S1),
            // and its EXIT reaches a after its LINK did.
            var b = self.spawnMonitor(p -> {
                p.link(c.pid());
                p.link(a.pid());
                p.send(c.pid(), "crash");
                p.receive(m -> null);
            });
            return List.of(
                    down(self, c.monitor()).reason(),
                    down(self, b.monitor()).reason(),
                    down(self, a.monitor()).reason());
        });
        ExitReason.Failure f = assertInstanceOf(ExitReason.Failure.class, got.get(0));
        assertEquals("deep", f.error().getMessage());
        assertSame(got.get(0), got.get(1));
        assertSame(got.get(0), got.get(2));
    }

    @Test
    void E6_aTrappingReceiverGetsTheExitAppendedToItsMailbox() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            self.send(self.self(), "m1");
            self.send(self.self(), "m2");
            Pid dier = self.spawnLink(p -> {
                throw p.exit(ExitReason.of("bye"));
            });
            Exit e = exitFrom(self, dier); // the two messages stay queued ahead of it
            return List.of(self.receive(), self.receive(), e);
        });
        assertEquals("m1", got.get(0));
        assertEquals("m2", got.get(1));
        assertEquals(ExitReason.of("bye"), ((Exit) got.get(2)).reason());
    }

    @Test
    void E7_afterUnlinkExitsFromThatLinkAreDroppedButAQueuedExitStays() {
        List<Object> got = run(self -> {
            self.trapExit(true);
            // Part 1: unlink before the death; the EXIT never comes (the DOWN, sent after it, proves it).
            Pid b = self.spawnLink(p -> {
                p.receive(m -> m.equals("die") ? m : null);
                throw p.exit(ExitReason.of("gone"));
            });
            self.unlink(b);
            var mb = self.monitor(b);
            self.send(b, "die");
            down(self, mb);
            boolean noExit = self.receive(m -> m instanceof Exit ? m : null, java.time.Duration.ZERO)
                    .isEmpty();

            // Part 2: the EXIT is already queued when we unlink; it stays.
            Pid c = self.spawnLink(p -> {
                throw p.exit(ExitReason.of("gone too"));
            });
            var mc = self.monitor(c);
            down(self, mc); // the EXIT was sent before the DOWN, so it is queued by now
            self.unlink(c);
            Exit stays = exitFrom(self, c);
            return List.of(
                    noExit, stays.reason(), node.info(self.self()).orElseThrow().links());
        });
        assertEquals(true, got.get(0));
        assertEquals(ExitReason.of("gone too"), got.get(1));
        assertEquals(List.of(), got.get(2));
    }

    @Test
    void E8_linkingToAProcessThatDoesNotExist() {
        List<Object> got = run(self -> {
            Pid dead = self.spawn(p -> {});
            awaitEnd(self, dead);
            ExitReason failed;
            try {
                self.link(dead);
                failed = null;
            } catch (ExitException e) {
                failed = e.reason();
            }
            self.trapExit(true);
            self.link(dead);
            Exit trapped = exitFrom(self, dead);
            return List.of(failed, trapped.reason());
        });
        assertEquals(ExitReason.noproc(), got.get(0), "a non-trapping caller fails with noproc");
        assertEquals(ExitReason.noproc(), got.get(1), "a trapping caller receives Exit(pid, noproc)");
    }

    @Test
    void E9_changingTrapExitAppliesToSignalsReceivedAfterTheChange() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            var subject = self.spawnMonitor(p -> {
                p.trapExit(true);
                Pid first = p.spawnLink(q -> {
                    throw q.exit(ExitReason.of("first"));
                });
                down(p, p.monitor(first)); // its EXIT arrived before this DOWN, while trapping
                p.trapExit(false);
                Exit queued = p.receive(Matcher.type(Exit.class));
                p.send(me, queued.reason());
                Pid second = p.spawnLink(q -> {
                    throw q.exit(ExitReason.of("second"));
                });
                p.receive(m -> null);
            });
            ExitReason trapped = expect(self, Matcher.type(ExitReason.class), "the trapped reason");
            ExitReason died = down(self, subject.monitor()).reason();
            return List.of(trapped, died);
        });
        assertEquals(List.of(ExitReason.of("first"), ExitReason.of("second")), got);
    }

    @Test
    void E10_aProcessOverItsMailboxLimitEndsWithAClearReason() {
        List<Object> got = run(self -> {
            Pid limited = self.spawn(
                    p -> p.receive(m -> null), SpawnOptions.defaults().maxMailbox(10));
            var ml = self.monitor(limited);
            for (int i = 0; i < 11; i++) {
                self.send(limited, i);
            }
            return List.of(down(self, ml).reason());
        });
        assertEquals(ExitReason.of(new SpawnOptions.MailboxOverflow(10)), got.get(0));
    }

    @Test
    void E10_onlyMessagesCountTowardsTheMailboxLimit() {
        ExitReason got = run(self -> {
            Pid limited = echoWithLimit(self, 5);
            for (int i = 0; i < 11; i++) {
                self.monitor(limited); // control signals: not messages
            }
            self.send(limited, "one message");
            sync(self, limited);
            boolean alive = node.isAlive(limited);
            return alive ? ExitReason.normal() : ExitReason.of("overflowed");
        });
        assertEquals(ExitReason.normal(), got);
    }

    private static Pid echoWithLimit(ProcessContext self, int limit) {
        return self.spawn(
                p -> {
                    while (true) {
                        Ping ping = p.receive(m -> m instanceof Ping x ? x : null);
                        p.send(ping.from(), new Pong(ping.token()));
                    }
                },
                SpawnOptions.defaults().maxMailbox(limit));
    }

    @Test
    void E5_aCrashKeepsItsOwnReasonWhenAnExitSignalIsStillUnhandled() {
        ExitReason got = run(self -> {
            Pid me = self.self();
            var crasher = self.spawnMonitor(p -> {
                p.spawnLink(q -> {
                    throw q.exit(ExitReason.of("boom"));
                });
                for (int i = 0; i < 3; i++) {
                    p.send(me, "step"); // scheduling points: the EXIT may arrive at any of them
                }
                throw new IllegalStateException("own crash");
            });
            return down(self, crasher.monitor()).reason();
        });
        if (got instanceof ExitReason.Failure f) {
            assertEquals("own crash", f.error().getMessage());
        } else {
            assertEquals(ExitReason.of("boom"), got, "either its own crash or, if handled first, the link's exit");
        }
    }
}
