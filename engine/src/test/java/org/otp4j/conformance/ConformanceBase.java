package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.otp4j.Down;
import org.otp4j.Matcher;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.ProcessFunction;
import org.otp4j.Ref;

/**
 * The base of every kernel contract test: a fresh node per test, made by the subclass, so that one
 * contract runs under each scheduler (the production one, the engine's controlled one, and the
 * testkit's). Waits are bounded receives on the node's clock (virtual under control), never sleeps.
 */
public abstract class ConformanceBase {
    /** A generous bound for anything that must happen; virtual time under a controlled scheduler. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** Makes the nodes a contract runs on: one implementation per scheduler under test. */
    public interface NodeFactory {
        /**
         * Makes a node for one test.
         *
         * @param seed drives a controlled scheduler's choices; ignored by the production one
         * @return a new node
         */
        Node create(long seed);

        /** Whether the nodes run under a controlled (deterministic) scheduler. */
        boolean controlled();
    }

    private final NodeFactory factory;

    /** The node under test, fresh for every test. */
    protected Node node;

    /**
     * Creates the test.
     *
     * @param factory makes the nodes
     */
    protected ConformanceBase(NodeFactory factory) {
        this.factory = factory;
    }

    /** A fresh node from the factory. */
    protected Node newNode(long seed) {
        return factory.create(seed);
    }

    /** Whether the nodes run under a controlled (deterministic) scheduler. */
    protected boolean controlled() {
        return factory.controlled();
    }

    @BeforeEach
    void startNode() {
        node = newNode(1);
    }

    @AfterEach
    void closeNode() {
        node.close();
    }

    /** Runs {@code fn} as a process on the test's node and returns its result. */
    protected <T> T run(ProcessFunction<T> fn) {
        return node.run(fn, Duration.ofSeconds(60));
    }

    /** Receives the first message {@code m} matches, or fails after {@link #WAIT}. */
    protected static <R> R expect(ProcessContext self, Matcher<R> m, String what) {
        return self.receive(m, WAIT).orElseThrow(() -> new AssertionError("expected " + what + " within " + WAIT));
    }

    /** Receives the {@link Down} of monitor {@code ref}, or fails after {@link #WAIT}. */
    protected static Down down(ProcessContext self, Ref ref) {
        return expect(self, m -> m instanceof Down d && d.ref().equals(ref) ? d : null, "DOWN for " + ref);
    }

    /** Asserts that no queued message matches {@code m} right now (a poll: timeout zero). */
    protected static void refute(ProcessContext self, Matcher<?> m, String what) {
        Optional<?> got = self.receive(m, Duration.ZERO);
        assertTrue(got.isEmpty(), () -> "did not expect " + what + ", got " + got.get());
    }

    /** Waits until {@code pid} has ended: monitors it and receives the DOWN. */
    protected static Down awaitEnd(ProcessContext self, Pid pid) {
        return down(self, self.monitor(pid));
    }

    /** A message that echoes back: the receiver answers {@code Pong(token)} to {@code from}. */
    public record Ping(Pid from, Object token) {}

    /** The answer to a {@link Ping}. */
    public record Pong(Object token) {}

    /** Spawns a server that answers every {@link Ping}, traps exits if asked, and queues the rest. */
    protected static Pid echo(ProcessContext self, boolean trap) {
        return self.spawn(p -> {
            p.trapExit(trap);
            while (true) {
                Ping ping = p.receive(m -> m instanceof Ping x ? x : null);
                p.send(ping.from(), new Pong(ping.token()));
            }
        });
    }

    /**
     * Round trip to {@code pid}: when it returns, {@code pid} has handled every signal this process
     * sent it before (S1), so their effects are visible.
     */
    protected static void sync(ProcessContext self, Pid pid) {
        Object token = self.makeRef();
        self.send(pid, new Ping(self.self(), token));
        expect(self, m -> m instanceof Pong p && p.token().equals(token) ? p : null, "a Pong from " + pid);
    }
}
