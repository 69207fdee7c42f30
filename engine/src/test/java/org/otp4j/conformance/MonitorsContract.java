package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.Ref;

/** SEMANTICS.md M1-M5: monitors. */
public abstract class MonitorsContract extends ConformanceBase {

    protected MonitorsContract(NodeFactory factory) {
        super(factory);
    }

    @Test
    void M1_monitoringADeadOrUnknownProcessGivesNoprocAtOnce() {
        List<Object> got = run(self -> {
            Pid dead = self.spawn(p -> {});
            awaitEnd(self, dead);
            Ref r1 = self.monitor(dead);
            Down d1 = self.receive(m -> m instanceof Down d && d.ref().equals(r1) ? d : null, Duration.ZERO)
                    .orElseThrow(() -> new AssertionError("no DOWN at once for a dead pid"));
            Ref r2 = self.monitor("no-such-name");
            Down d2 = self.receive(m -> m instanceof Down d && d.ref().equals(r2) ? d : null, Duration.ZERO)
                    .orElseThrow(() -> new AssertionError("no DOWN at once for an unknown name"));
            return List.of(dead, d1, d2);
        });
        Pid dead = (Pid) got.get(0);
        assertEquals(dead, ((Down) got.get(1)).monitored());
        assertEquals(ExitReason.noproc(), ((Down) got.get(1)).reason());
        assertEquals("no-such-name", ((Down) got.get(2)).monitored());
        assertEquals(ExitReason.noproc(), ((Down) got.get(2)).reason());
    }

    @Test
    void M2_everyMonitorCallCreatesAnIndependentMonitorAndDown() {
        List<Object> got = run(self -> {
            Pid target = self.spawn(p -> {
                p.receive(m -> m.equals("stop") ? m : null);
            });
            Ref a = self.monitor(target);
            Ref b = self.monitor(target);
            self.send(target, "stop");
            return List.of(a, b, down(self, a).reason(), down(self, b).reason());
        });
        assertNotEquals(got.get(0), got.get(1));
        assertEquals(ExitReason.normal(), got.get(2));
        assertEquals(ExitReason.normal(), got.get(3));
    }

    @Test
    void M3_demonitorWithFlushRemovesAQueuedDownAndPlainDemonitorDoesNot() {
        List<Object> got = run(self -> {
            Pid t1 = self.spawn(p -> {});
            Ref flushed = self.monitor(t1);
            Ref kept = self.monitor(t1);
            Ref sentinel = self.monitor(t1);
            down(self, sentinel); // DOWNs go out in monitor order, so the first two are here too
            boolean wasActive = self.demonitor(flushed, true);
            boolean keptActive = self.demonitor(kept, false);
            boolean flushedGone = self.receive(
                            m -> m instanceof Down d && d.ref().equals(flushed) ? d : null, Duration.ZERO)
                    .isEmpty();
            boolean keptThere = self.receive(m -> m instanceof Down d && d.ref().equals(kept) ? d : null, Duration.ZERO)
                    .isPresent();
            return List.of(wasActive, keptActive, flushedGone, keptThere);
        });
        assertEquals(List.of(false, false, true, true), got);
    }

    @Test
    void M4_monitoringARegisteredNameReportsTheName() {
        Down got = run(self -> {
            Pid me = self.self();
            Pid named = self.spawn(p -> {
                p.register("named");
                p.send(me, "ready");
                p.receive(m -> m.equals("stop") ? m : null);
            });
            expect(self, m -> m.equals("ready") ? m : null, "ready");
            Ref ref = self.monitor("named");
            self.send(named, "stop");
            return down(self, ref);
        });
        assertEquals("named", got.monitored());
        assertEquals(ExitReason.normal(), got.reason());
    }

    @Test
    void M5_aDownBecomesAMessageOnlyIfTheMonitorIsStillActive() {
        List<Object> got = run(self -> {
            Pid target = self.spawn(p -> {
                p.receive(m -> m.equals("stop") ? m : null);
            });
            Ref removed = self.monitor(target);
            Ref witness = self.monitor(target);
            boolean active = self.demonitor(removed, false); // before the target dies
            self.send(target, "stop");
            down(self, witness);
            boolean noDown = self.receive(m -> m instanceof Down d && d.ref().equals(removed) ? d : null, Duration.ZERO)
                    .isEmpty();
            return List.of(active, noDown);
        });
        assertEquals(List.of(true, true), got);
    }

    @Test
    void M_processInfoReportsLinksMonitorsNameAndQueue() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            Pid other = self.spawn(p -> {
                p.register("info-subject");
                p.trapExit(true);
                while (true) { // answers pings and leaves everything else queued
                    Ping ping = p.receive(m -> m instanceof Ping x ? x : null);
                    p.send(ping.from(), new Pong(ping.token()));
                }
            });
            Ref ref = self.monitor(other);
            self.send(other, "a");
            self.send(other, "b");
            sync(self, other); // it has handled the MONITOR and queued a and b
            return List.of(node.info(other).orElseThrow(), me, ref);
        });
        var info = (org.otp4j.ProcessInfo) got.get(0);
        assertEquals(java.util.Optional.of("info-subject"), info.registeredName());
        assertEquals(2, info.messageQueueLength());
        assertEquals(List.of(got.get(1)), info.monitoredBy());
        assertEquals(true, info.trapExit());
        assertEquals(List.of(), info.links());
    }
}
