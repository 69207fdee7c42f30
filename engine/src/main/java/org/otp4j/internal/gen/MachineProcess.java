package org.otp4j.internal.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.otp4j.Exit;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.server.GenServer;
import org.otp4j.statem.Action;
import org.otp4j.statem.Action.Kind;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;
import org.otp4j.sys.Sys;

/**
 * The loop of a {@link StateMachine}: gen_statem's transition order, on a handler process. Not an API.
 *
 * @param <S> the state type
 * @param <D> the data type
 */
public final class MachineProcess<S, D> extends BehaviourProcess {
    /*
     * Overview. Events come from the mailbox one handle() at a time, but a transition can make more
     * (retried postponed events, next_event actions, zero-time timeouts): those wait in `queue`, ahead
     * of the mailbox, and handle() drains it before it returns. Timeouts are keyed timers: a cancelled
     * or restarted timeout never delivers a stale event (SM8), and an event timeout of zero fires only
     * if nothing comes first, since any event cancels it (SM4).
     */

    private static final System.Logger LOG = System.getLogger("org.otp4j.statem");

    /**
     * A fired timeout, as the keyed timer delivers it.
     *
     * @param kind which timeout
     * @param name a generic timeout's name, else null
     * @param content the event's content
     * @param generation tells the current timer from stale ones
     */
    public record Fired(Kind kind, Object name, Object content, long generation) {}

    /**
     * A timeout's timer: while live, its deadline (for update) and the generation its Fired message
     * carries. Kept and reused for the event and state timeouts, which are set again and again.
     */
    private static final class Running {
        long deadline;
        long generation;
        boolean live;
    }

    private record Event(EventType type, Object content) {}

    private record TimerKey(Kind kind, Object name) {}

    private static final TimerKey EVENT_TIMEOUT = new TimerKey(Kind.EVENT, null);
    private static final TimerKey STATE_TIMEOUT = new TimerKey(Kind.STATE, null);
    private static final EventType CAST = new EventType.Cast();
    private static final EventType INFO = new EventType.Info();
    private static final EventType ENTER = new EventType.Enter();

    private static TimerKey timerKey(Kind kind, Object name) {
        return switch (kind) {
            case EVENT -> EVENT_TIMEOUT;
            case STATE -> STATE_TIMEOUT;
            case GENERIC -> new TimerKey(kind, name);
        };
    }

    private final StateMachine<S, D> machine;
    private S state;
    private D data;
    private final Deque<Event> queue = new ArrayDeque<>(); // events ahead of the mailbox
    private final List<Event> postponed = new ArrayList<>(); // oldest first
    private final Map<TimerKey, Running> running = new HashMap<>(); // timeouts with a timer, and spares
    private final List<Event> inserted = new ArrayList<>(); // afterTransition's next_event actions
    private final List<Action.Timeout> timeouts = new ArrayList<>(); // afterTransition's, a key once
    private final Map<TimerKey, Object> zero = new LinkedHashMap<>(); // zero-time timeouts due, oldest first
    private long generation; // tells a timeout's current Fired message from stale ones
    private Event current; // the event being handled, for crash reports
    private boolean terminating; // terminate has run (or is running): the exit that follows is ours

    /**
     * Creates the loop of one state machine.
     *
     * @param machine the machine's callbacks
     * @param parent its starter
     * @param startTag the start's reference
     */
    public MachineProcess(StateMachine<S, D> machine, Pid parent, Ref startTag) {
        super(parent, startTag);
        this.machine = machine;
    }

    @Override
    public String initialCall() {
        return machine.getClass().getName();
    }

    @Override
    public void started(ProcessContext self) {
        Init<S, D> init =
                callInit(self, () -> machine.init(self), machine.getClass().getName() + ".init");
        switch (init) {
            case Init.Ok<S, D> ok -> {
                state = ok.state();
                data = ok.data();
                ackStarted(self);
                guarded(self, () -> {
                    // SM3: postpone is ignored in init; SM10: the initial enter call has old == new
                    List<Action> actions = new ArrayList<>(ok.actions());
                    actions.removeIf(a -> a instanceof Action.Postpone);
                    afterTransition(self, null, state, true, false, actions);
                    drain(self);
                });
            }
            case Init.Ignore<S, D> ignore -> {
                throw ignoreStart(self);
            }
            case Init.Stop<S, D> stop -> throw failStart(self, stop.reason());
        }
    }

    @Override
    public String behaviour() {
        return "gen_statem";
    }

    @Override
    public Object reportedState() {
        return new Sys.StateAndData(state, data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void replaceState(Object replacement) {
        if (!(replacement instanceof Sys.StateAndData sd) || sd.state() == null) {
            throw new IllegalArgumentException("a state machine's state is replaced by a StateAndData with a state");
        }
        state = (S) sd.state();
        data = (D) sd.data();
    }

    @Override
    public int postponed() {
        return postponed.size();
    }

    @Override
    protected void dispatch(ProcessContext self, Object message) {
        guarded(self, () -> {
            Event event = switch (message) {
                case Gen.CallMessage call
                when call.request() instanceof Gen.StopRequest stop -> {
                    terminate(self, stop.reason());
                    report(self, stop.reason());
                    GenServer.reply(self, call.from(), "ok");
                    throw self.exit(stop.reason());
                }
                case Gen.CallMessage call -> new Event(new EventType.Call(call.from()), call.request());
                case Gen.CastMessage cast -> new Event(CAST, cast.request());
                case Fired fired -> {
                    TimerKey key = timerKey(fired.kind(), fired.name());
                    Running r = running.get(key);
                    if (r == null || !r.live || r.generation != fired.generation()) {
                        yield null; // SM8: cancelled or restarted meanwhile (held while suspended, say)
                    }
                    stopped(key, r);
                    yield new Event(timeoutType(fired.kind(), fired.name()), fired.content());
                }
                case Exit exit
                when fromParentOrHost(self, exit.from(), parent()) -> {
                    terminate(self, exit.reason());
                    report(self, exit.reason());
                    throw self.exit(exit.reason());
                }
                default -> new Event(INFO, message);
            };
            if (event != null) {
                process(self, event);
            }
            drain(self);
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    private void guarded(ProcessContext self, Step step) {
        try {
            step.run();
        } catch (ExitException e) {
            if (!e.bySignal() && !terminating) { // a handler called exit(): terminate runs, as in OTP
                terminate(self, e.reason());
                report(self, e.reason());
            }
            throw e;
        } catch (Exception | Error e) {
            org.otp4j.internal.Kernel.access().actOnInterrupt(self, e); // a kill's interrupt: E3
            ExitReason reason = ExitReason.exception(e);
            terminate(self, reason);
            report(self, reason);
            throw self.exit(reason);
        }
    }

    private static EventType timeoutType(Kind kind, Object name) {
        return switch (kind) {
            case EVENT -> new EventType.EventTimeout();
            case STATE -> new EventType.StateTimeout();
            case GENERIC -> new EventType.GenericTimeout(name);
        };
    }

    /**
     * Step 7: handles queued events, oldest first; when none is left, the zero-time timeouts that are
     * still due (so an event timeout of zero fires only if nothing came first).
     */
    private void drain(ProcessContext self) throws Exception {
        while (true) {
            if (!queue.isEmpty()) {
                process(self, queue.poll());
            } else if (!zero.isEmpty()) {
                var first = zero.entrySet().iterator().next();
                TimerKey key = first.getKey();
                zero.remove(key);
                process(self, new Event(timeoutType(key.kind(), key.name()), first.getValue()));
            } else {
                return;
            }
        }
    }

    /** Handles one event and carries out its transition (steps 1-6 of the transition order). */
    private void process(ProcessContext self, Event event) throws Exception {
        current = event;
        cancelTimer(self, EVENT_TIMEOUT); // SM4: any event cancels the event timeout
        Transition<S, D> t = call(self, event.type(), event.content(), state);
        switch (t) {
            case null -> throw new IllegalStateException(machine.getClass().getName() + " returned a null transition");
            case Transition.Stop<S, D> stop -> stop(self, stop);
            case Transition.Next<S, D> next -> {
                S from = state;
                S to = next.state() == null ? state : next.state();
                if (!next.keepData()) {
                    data = next.data();
                }
                boolean changed = !Objects.equals(from, to);
                state = to;
                if (postpones(next.actions())) {
                    postponed.add(event); // step 3
                }
                afterTransition(self, from, to, changed, next.repeat(), next.actions());
            }
        }
    }

    private static boolean postpones(List<Action> actions) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof Action.Postpone) {
                return true;
            }
        }
        return false;
    }

    private Transition<S, D> call(ProcessContext self, EventType type, Object content, S in) throws Exception {
        return machine.callbackMode() == StateMachine.CallbackMode.STATE_FUNCTIONS
                ? machine.stateFunction(in).handle(self, type, content, data)
                : machine.handleEvent(self, type, content, in, data);
    }

    /**
     * Steps 1, 2, 4, 5 and 6 after an event's (or init's) handler returned: actions, the enter call, the
     * retry of postponed events on a real state change, inserted events, timeouts.
     *
     * @param from the previous state, or null for init
     */
    private void afterTransition(
            ProcessContext self, S from, S to, boolean changed, boolean repeat, List<Action> actions) throws Exception {
        inserted.clear(); // not re-entered: the callbacks cannot run this loop
        timeouts.clear();
        runActions(self, actions, inserted, false); // step 1
        boolean init = from == null;
        if (machine.stateEnter() && (changed || repeat || init)) { // step 2
            enter(self, init ? to : from);
        }
        if (changed && !init) { // step 4: retry postponed events, oldest first, ahead of the queue
            for (int i = postponed.size() - 1; i >= 0; i--) {
                queue.addFirst(postponed.get(i));
            }
            postponed.clear();
        }
        for (int i = inserted.size() - 1; i >= 0; i--) { // step 5: next_event, in list order, first
            queue.addFirst(inserted.get(i));
        }
        inserted.clear();
        // step 6: a state change cancels the state timeout first; one this transition sets belongs to the
        // new state (and an update then finds none running, so it fires as a zero-time timeout)
        if (changed && !init && !setsTimer(STATE_TIMEOUT)) { // one it sets replaces the running one
            cancelTimer(self, STATE_TIMEOUT);
        }
        for (int i = 0; i < timeouts.size(); i++) {
            startTimeout(self, timeouts.get(i));
        }
        timeouts.clear();
    }

    /** SM10: the state-enter call may reply and set timeouts, but not change state, postpone or insert. */
    private void enter(ProcessContext self, S old) throws Exception {
        for (int round = 0; ; round++) {
            if (round > 1000) {
                throw new IllegalStateException("repeat_state from state-enter calls did not stop after 1000 rounds");
            }
            Transition<S, D> t = call(self, ENTER, old, state);
            switch (t) {
                case null ->
                    throw new IllegalStateException(
                            machine.getClass().getName() + " returned a null transition from" + " a state-enter call");
                case Transition.Stop<S, D> stop -> stop(self, stop); // SM12: allowed from an enter call
                case Transition.Next<S, D> next -> {
                    if (next.state() != null && !Objects.equals(next.state(), state)) {
                        throw new IllegalStateException("a state-enter call may not change the state (from " + state
                                + " to " + next.state() + ")");
                    }
                    if (!next.keepData()) {
                        data = next.data();
                    }
                    runActions(self, next.actions(), null, true);
                    if (!next.repeat()) {
                        return;
                    }
                    old = state; // repeat_state from an enter call runs it again
                }
            }
        }
    }

    private void runActions(ProcessContext self, List<Action> actions, List<Event> inserted, boolean fromEnter) {
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            switch (a) {
                case null -> throw new NullPointerException("a transition action must not be null");
                case Action.Reply r -> GenServer.reply(self, r.from(), r.value()); // replies go at once
                case Action.Postpone p -> {
                    if (fromEnter) {
                        throw new IllegalStateException("a state-enter call may not postpone");
                    }
                }
                case Action.NextEvent n -> {
                    if (fromEnter) {
                        throw new IllegalStateException("a state-enter call may not insert events (next_event)");
                    }
                    inserted.add(new Event(n.type(), n.content()));
                }
                case Action.Timeout t -> {
                    int earlier = indexOfTimeout(t.kind(), t.name());
                    if (earlier >= 0) {
                        timeouts.remove(earlier); // a later action of the same kind overrides
                    }
                    timeouts.add(t);
                }
                case Action.Hibernate h -> {}
            }
        }
    }

    private void startTimeout(ProcessContext self, Action.Timeout t) {
        TimerKey key = timerKey(t.kind(), t.name());
        if (t.update()) { // SM7: new content for a running timeout, else due at once
            Running r = running.get(key);
            if (r != null && r.live) {
                startTimer(self, key, t.content(), r.deadline);
            } else {
                zero.remove(key);
                zero.put(key, t.content());
            }
            return;
        }
        if (!needsTimer(t)) {
            cancelTimer(self, key); // setting a timeout again replaces it
            if (t.deadline() == null && t.time() != null && t.time().isZero()) {
                zero.put(key, t.content()); // the newest due timeout, after every queued event
            }
            return; // else infinity, or cancel
        }
        zero.remove(key);
        long deadline = t.deadline() != null
                ? t.deadline()
                : self.monotonicTime() + t.time().toNanos();
        startTimer(self, key, t.content(), deadline); // restarting the keyed timer replaces a running one
    }

    /** Whether {@code t} starts a timer: not an update, not infinity (or cancel), not zero time. */
    private static boolean needsTimer(Action.Timeout t) {
        if (t.update()) {
            return false;
        }
        if (t.deadline() != null) {
            return true;
        }
        return t.time() != null && !Gen.isInfinite(t.time()) && !t.time().isZero();
    }

    /** Whether this transition's timeouts start a timer for {@code key} (so it need not be cancelled first). */
    private boolean setsTimer(TimerKey key) {
        int i = indexOfTimeout(key.kind(), key.name());
        return i >= 0 && needsTimer(timeouts.get(i));
    }

    /** Where this transition's timeout action for a kind and name is in {@code timeouts}, or -1. */
    private int indexOfTimeout(Kind kind, Object name) {
        for (int i = 0; i < timeouts.size(); i++) {
            Action.Timeout t = timeouts.get(i);
            if (t.kind() == kind && Objects.equals(t.name(), name)) {
                return i;
            }
        }
        return -1;
    }

    private void startTimer(ProcessContext self, TimerKey key, Object content, long deadline) {
        long gen = ++generation;
        Running r = running.get(key);
        if (r == null) {
            r = new Running();
            running.put(key, r);
        }
        r.deadline = deadline;
        r.generation = gen;
        r.live = true;
        self.timers().startSingleTimerAt(key, new Fired(key.kind(), key.name(), content, gen), deadline);
    }

    /** Cancels a timeout, running or due (SM8: it never delivers afterwards). */
    private void cancelTimer(ProcessContext self, TimerKey key) {
        if (!zero.isEmpty()) {
            zero.remove(key);
        }
        Running r = running.get(key);
        if (r != null && r.live) {
            stopped(key, r);
            self.timers().cancel(key);
        }
    }

    /** A timeout's timer is no longer running; the event and state timeouts keep theirs for next time. */
    private void stopped(TimerKey key, Running r) {
        r.live = false;
        if (key.kind() == Kind.GENERIC) {
            running.remove(key);
        }
    }

    private void stop(ProcessContext self, Transition.Stop<S, D> stop) {
        if (!stop.keepData()) {
            data = stop.data();
        }
        for (Action.Reply r : stop.replies()) { // SM12: every reply goes out, then terminate
            GenServer.reply(self, r.from(), r.value());
        }
        terminate(self, stop.reason());
        report(self, stop.reason());
        throw self.exit(stop.reason());
    }

    private void terminate(ProcessContext self, ExitReason reason) {
        terminating = true;
        try {
            machine.terminate(self, reason, state, data);
        } catch (ExitException e) {
            throw e;
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, "state machine " + self.self() + ": terminate failed", e);
        }
    }

    private void report(ProcessContext self, ExitReason reason) {
        if (reason.isQuiet() || !LOG.isLoggable(System.Logger.Level.ERROR)) {
            return;
        }
        String text = "state machine " + self.self() + " (" + machine.getClass().getName() + ") terminating\n"
                + "  reason: " + reason + "\n  state: " + state + "\n  event: " + current + "\n  postponed: "
                + postponed.size();
        if (reason instanceof ExitReason.Failure f) {
            LOG.log(System.Logger.Level.ERROR, text, f.error());
        } else {
            LOG.log(System.Logger.Level.ERROR, text);
        }
    }
}
