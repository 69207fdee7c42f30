package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.otp4j.AlreadyRegisteredException;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.NodeClosedException;
import org.otp4j.NotRegisteredException;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;

/** Bad input fails at once with an exception that names the problem. */
public abstract class BadInputContract extends ConformanceBase {

    protected BadInputContract(NodeFactory factory) {
        super(factory);
    }

    private static void assertMessage(RuntimeException e, String part) {
        assertTrue(
                e.getMessage() != null && e.getMessage().contains(part),
                () -> "message '" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void nullArguments_failWithNullPointerExceptionsNamingTheArgument() {
        Pid p = node.spawn(self -> self.receive(m -> null));
        assertMessage(assertThrows(NullPointerException.class, () -> node.send(p, null)), "message");
        assertMessage(assertThrows(NullPointerException.class, () -> node.send((Pid) null, "x")), "pid");
        assertMessage(assertThrows(NullPointerException.class, () -> node.exit(p, null)), "reason");
        List<RuntimeException> inside = run(self -> {
            List<RuntimeException> errors = new ArrayList<>();
            for (Runnable r : List.<Runnable>of(
                    () -> self.send(p, null),
                    () -> self.link(null),
                    () -> self.monitor((Pid) null),
                    () -> self.exit(p, null),
                    () -> self.receive(null, Duration.ZERO))) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
            return errors;
        });
        assertEquals(5, inside.size());
        inside.forEach(e -> assertTrue(e instanceof NullPointerException, e::toString));
    }

    @Test
    void negativeTimeouts_areRejected() {
        List<RuntimeException> got = run(self -> {
            List<RuntimeException> errors = new ArrayList<>();
            for (Runnable r : List.<Runnable>of(
                    () -> self.receive(Duration.ofMillis(-1)),
                    () -> self.sendAfter(self.self(), "x", Duration.ofMillis(-5)),
                    () -> self.timers().startSingleTimer("k", "x", Duration.ofSeconds(-1)))) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
            return errors;
        });
        assertEquals(3, got.size());
        got.forEach(e -> {
            assertTrue(e instanceof IllegalArgumentException, e::toString);
            assertMessage(e, "negative");
        });
        assertThrows(IllegalArgumentException.class, () -> node.run(self -> null, Duration.ofSeconds(-1)));
        assertThrows(
                IllegalArgumentException.class, () -> SpawnOptions.defaults().maxMailbox(-1));
    }

    @Test
    void names_unregisteredTakenOrDeadAreRejectedWithTheOwnerNamed() {
        assertMessage(assertThrows(NotRegisteredException.class, () -> node.send("ghost", "x")), "ghost");
        Pid first = node.spawn(
                self -> self.receive(m -> null), SpawnOptions.defaults().name("taken"));
        Pid second = node.spawn(self -> self.receive(m -> null));
        AlreadyRegisteredException taken =
                assertThrows(AlreadyRegisteredException.class, () -> node.register("taken", second));
        assertEquals(first, taken.owner());
        assertMessage(taken, "taken");
        assertThrows(
                AlreadyRegisteredException.class,
                () -> node.spawn(self -> {}, SpawnOptions.defaults().name("taken")));
        node.register("second", second);
        assertMessage(
                assertThrows(AlreadyRegisteredException.class, () -> node.register("another", second)),
                "already registered as 'second'");
        Pid dead = node.spawn(self -> {});
        run(self -> awaitEnd(self, dead));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> node.register("late", dead)), "not alive");
        assertThrows(
                IllegalArgumentException.class, () -> SpawnOptions.defaults().name(""));
    }

    @Test
    void foreignPidsAndTheHostPid_areRejected() {
        try (Node other = newNode(2)) {
            Pid foreign = other.spawn(self -> self.receive(m -> null));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> node.send(foreign, "x")), "another node");
        }
        assertMessage(assertThrows(IllegalArgumentException.class, () -> node.send(node.hostPid(), "x")), "host pid");
    }

    @Test
    void aContextUsedOutsideItsProcess_fails() {
        AtomicReference<ProcessContext> leaked = new AtomicReference<>();
        run(self -> {
            leaked.set(self);
            return null;
        });
        assertMessage(
                assertThrows(IllegalStateException.class, () -> leaked.get().receive(Duration.ZERO)),
                "outside that process");
    }

    @Test
    void aClosedNode_failsEveryOperationWithNodeClosed() {
        Pid p = node.spawn(self -> self.receive(m -> null));
        node.close();
        node.close(); // idempotent
        assertTrue(node.isClosed());
        assertMessage(assertThrows(NodeClosedException.class, () -> node.spawn(self -> {})), "closed");
        assertThrows(NodeClosedException.class, () -> node.send(p, "x"));
        assertThrows(NodeClosedException.class, () -> node.exit(p, ExitReason.kill()));
        assertThrows(NodeClosedException.class, () -> node.register("x", p));
        assertThrows(NodeClosedException.class, () -> node.whereis("x"));
        assertThrows(NodeClosedException.class, () -> node.run(self -> null));
        assertEquals(List.of(), node.processes());
    }
}
