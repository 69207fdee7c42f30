package org.otp4j.await;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;

/**
 * The agent behaviour: a generic server that wraps the user's {@link AgentLogic}, keeps the waiters and
 * the tagged children, and answers waiters after every state change. One instance per agent process.
 * {@code ProcessInfo.initialCall} reports this class, which is how {@link Await} tells an agent from any
 * other process before it sends anything.
 *
 * @param <S> the logic's state
 */
final class AgentServer<S> implements GenServer<S> {
    /*
     * Overview. Every field is touched only on the agent's own process. A waiter is a call whose reply is
     * held back: it is keyed by its alias reference (the caller's "id"), and its caller is monitored so
     * that a waiter whose caller died is dropped (J2). After every callback of the logic, the completion
     * waiters are re-checked in arrival order; child waiters are answered when a child is added. A waiter
     * is removed exactly once: when answered, when its caller's DOWN arrives, or on Forget (the caller
     * timed out or no longer needs it, J3).
     */

    private final AgentLogic<S> logic;
    private AgentContext context;
    private final LinkedHashMap<Ref, Waiter> waiters = new LinkedHashMap<>(); // by the caller's alias ref
    private final Map<Ref, Ref> waiterByMonitor = new HashMap<>(); // monitor of a caller -> waiter id
    private final LinkedHashMap<Object, Pid> children = new LinkedHashMap<>(); // tag -> live child
    private final Map<Ref, Object> childByMonitor = new HashMap<>(); // monitor of a child -> its tag

    /** A held call: its reply address, the monitor on its caller, and what it waits for. */
    private record Waiter(From from, Ref monitor, AwaitOptions options, Object childTag) {}

    AgentServer(AgentLogic<S> logic) {
        this.logic = logic;
    }

    @Override
    public InitResult<S> init(ProcessContext self) throws Exception {
        context = new AgentContext(self, this);
        // Children are linked (they die with the agent), but a child's end must reach the logic as a
        // ChildExited, not kill the agent: the agent traps exits and, for any other link, acts as a
        // process that does not trap (see handleInfo).
        self.trapExit(true);
        return InitResult.ok(checked(logic.init(context), "init"));
    }

    @Override
    public CallResult<S> handleCall(ProcessContext self, Object request, From from, S state) {
        switch (request) {
            case Protocol.AwaitCompletion wait -> {
                Object answer = evaluate(wait.options(), state);
                if (answer != null) {
                    return CallResult.reply(answer, state); // already done: at once (J2)
                }
                hold(self, from, wait.options(), null);
                return CallResult.noReply(state);
            }
            case Protocol.AwaitChild wait -> {
                Pid child = children.get(wait.tag());
                if (child != null) {
                    return CallResult.reply(new Protocol.ChildFound(child), state);
                }
                hold(self, from, null, wait.tag());
                return CallResult.noReply(state);
            }
            case Protocol.Forget forget -> {
                drop(self, forget.id());
                return CallResult.reply(snapshot(forget.options(), state), state);
            }
            case Protocol.GetChildren get -> {
                return CallResult.reply(childrenSnapshot(), state);
            }
            case Protocol.CountWaiters count -> {
                return CallResult.reply(waiters.size(), state);
            }
            case Protocol.Ping ping -> {
                return CallResult.reply(new Protocol.Pong(), state);
            }
            default ->
                throw new IllegalStateException(
                        "bad_call: an agent takes signals (Agent.signal), not calls: " + request);
        }
    }

    @Override
    public Result<S> handleCast(ProcessContext self, Object request, S state) throws Exception {
        if (request instanceof Protocol.Forget forget) {
            drop(self, forget.id());
            return Result.noReply(state);
        }
        S next = request instanceof AgentLogic.Cancel cancel
                ? checked(logic.handleCancel(context, cancel, state), "handleCancel")
                : checked(logic.handleSignal(context, request, state), "handleSignal");
        answerWaiters(self, next);
        return Result.noReply(next);
    }

    @Override
    public Result<S> handleInfo(ProcessContext self, Object message, S state) throws Exception {
        Object signal = message;
        if (message instanceof Exit exit) {
            if (children.containsValue(exit.from()) || exit.reason().equals(ExitReason.normal())) {
                return Result.noReply(state); // a child's end comes as its DOWN; a normal exit changes nothing
            }
            throw self.exit(exit.reason()); // another linked process failed: the agent goes with it
        }
        if (message instanceof Down down) {
            Ref waiter = waiterByMonitor.remove(down.ref());
            if (waiter != null) { // the caller of a waiter died: drop the waiter (J2)
                waiters.remove(waiter);
                return Result.noReply(state);
            }
            Object tag = childByMonitor.remove(down.ref());
            if (tag != null) {
                Pid child = children.remove(tag);
                signal = new AgentLogic.ChildExited(tag, child, down.reason());
            }
        }
        S next = checked(logic.handleSignal(context, signal, state), "handleSignal");
        answerWaiters(self, next);
        return Result.noReply(next);
    }

    @Override
    public void terminate(ProcessContext self, ExitReason reason, S state) throws Exception {
        logic.terminate(context, reason, state);
    }

    // ---- waiters --------------------------------------------------------------------------------

    /** The answer for a completion waiter if it is done (or its options do not fit), else null. */
    private static Object evaluate(AwaitOptions options, Object state) {
        try {
            return options.isDone(state) ? new Protocol.Done(options.completion(state)) : null;
        } catch (RuntimeException e) { // a bad path, type or predicate fails the wait, not the agent
            return new Protocol.Refused(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private void hold(ProcessContext self, From from, AwaitOptions options, Object childTag) {
        Ref id = from.alias().ref();
        Ref monitor = self.monitor(from.alias().pid());
        waiters.put(id, new Waiter(from, monitor, options, childTag));
        waiterByMonitor.put(monitor, id);
    }

    private void drop(ProcessContext self, Ref id) {
        Waiter w = waiters.remove(id);
        if (w != null) {
            waiterByMonitor.remove(w.monitor());
            self.demonitor(w.monitor(), true);
        }
    }

    /** After a state change: answers, in arrival order, every completion waiter that is now done. */
    private void answerWaiters(ProcessContext self, S state) {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Map.Entry<Ref, Waiter>> it = waiters.entrySet().iterator(); it.hasNext(); ) {
            Waiter w = it.next().getValue();
            if (w.options() == null) {
                continue; // a child waiter
            }
            Object answer = evaluate(w.options(), state);
            if (answer != null) {
                it.remove();
                waiterByMonitor.remove(w.monitor());
                self.demonitor(w.monitor(), true);
                GenServer.reply(self, w.from(), answer);
            }
        }
    }

    private static Protocol.Snapshot snapshot(AwaitOptions options, Object state) {
        if (options == null) {
            return new Protocol.Snapshot("(not read: a child wait)", false);
        }
        try {
            Object status = options.status(state);
            return new Protocol.Snapshot(String.valueOf(status), Agent.isTerminal(status));
        } catch (RuntimeException e) {
            return new Protocol.Snapshot("unreadable: " + e.getMessage(), false);
        }
    }

    // ---- children -------------------------------------------------------------------------------

    void checkFreeTag(Object tag) {
        Objects.requireNonNull(tag, "a child's tag must not be null");
        Pid holder = children.get(tag);
        if (holder != null) {
            throw new IllegalArgumentException("child tag " + tag + " is already held by the live child " + holder);
        }
    }

    void addChild(ProcessContext self, Object tag, Pid child) {
        children.put(tag, child);
        childByMonitor.put(self.monitor(child), tag);
        for (Iterator<Map.Entry<Ref, Waiter>> it = waiters.entrySet().iterator(); it.hasNext(); ) {
            Waiter w = it.next().getValue();
            if (w.options() == null && w.childTag().equals(tag)) { // J8: answered by the event itself
                it.remove();
                waiterByMonitor.remove(w.monitor());
                self.demonitor(w.monitor(), true);
                GenServer.reply(self, w.from(), new Protocol.ChildFound(child));
            }
        }
    }

    Map<Object, Pid> childrenSnapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    private S checked(S state, String callback) {
        if (state == null) {
            throw new IllegalStateException(logic.getClass().getName() + "." + callback + " returned null");
        }
        return state;
    }

    @Override
    public String toString() {
        return "agent(" + logic.getClass().getName() + ")";
    }
}
