package org.otp4j.await;

import java.util.Map;
import java.util.Objects;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.StartResult;

/**
 * What an agent's logic gets in every callback: the agent's {@link ProcessContext} and its tagged
 * children. Use it only in the agent's own callbacks (on its process).
 *
 * <p>Children are processes the agent tracks by a tag (any immutable value). A tag names at most one
 * live child; when the child ends, its tag is freed and the logic receives {@link
 * AgentLogic.ChildExited}. Waiters on {@link Await#child} are answered as soon as the child is added.
 */
public final class AgentContext {
    private final ProcessContext self;
    private final AgentServer<?> server;

    AgentContext(ProcessContext self, AgentServer<?> server) {
        this.self = self;
        this.server = server;
    }

    /** {@return the agent's process context} */
    public ProcessContext self() {
        return self;
    }

    /**
     * Starts a child agent, linked to this one (as {@link Agent#startLink}), and tracks it under {@code
     * tag}. The child ends with its parent; when the child ends first, for any reason, the parent's logic
     * gets {@link AgentLogic.ChildExited} and the parent lives on.
     *
     * @param tag the child's tag, not null and not held by a live child
     * @param logic the child's logic
     * @return the start's outcome; only a started child is tracked
     * @throws IllegalArgumentException if a live child already holds {@code tag}
     */
    public StartResult startChild(Object tag, AgentLogic<?> logic) {
        return startChild(tag, logic, SpawnOptions.defaults());
    }

    /**
     * Starts a child agent with options, linked to this one, and tracks it under {@code tag}.
     *
     * @param tag the child's tag, not null and not held by a live child
     * @param logic the child's logic
     * @param options name, mailbox limit, executor
     * @return the start's outcome; only a started child is tracked
     * @throws IllegalArgumentException if a live child already holds {@code tag}
     */
    public StartResult startChild(Object tag, AgentLogic<?> logic, SpawnOptions options) {
        server.checkFreeTag(tag);
        StartResult result = Agent.startLink(self, logic, options);
        if (result instanceof StartResult.Started started) {
            server.addChild(self, tag, started.pid());
        }
        return result;
    }

    /**
     * Tracks a process the logic started itself (an agent or not) as a child under {@code tag}. {@link
     * Await#child} on a child that is not an agent fails with {@link AwaitException.NotAnAgent}.
     *
     * @param tag the child's tag, not null and not held by a live child
     * @param child the process
     * @throws IllegalArgumentException if a live child already holds {@code tag}
     */
    public void adoptChild(Object tag, Pid child) {
        Objects.requireNonNull(child, "child must not be null");
        server.checkFreeTag(tag);
        server.addChild(self, tag, child);
    }

    /** {@return the live children by tag, in the order they were added} */
    public Map<Object, Pid> children() {
        return server.childrenSnapshot();
    }
}
