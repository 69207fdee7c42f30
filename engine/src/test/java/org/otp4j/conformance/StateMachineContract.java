package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.server.CallException;
import org.otp4j.server.StartResult;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;

/** SEMANTICS.md SM1-SM13: the state machine, rule by rule, and the transition order. */
public abstract class StateMachineContract extends ConformanceBase {

    protected StateMachineContract(NodeFactory factory) {
        super(factory);
    }

    /** An event handler for a scripted machine; the log is the data. */
    interface Script {
        Transition<String, List<String>> on(
                ProcessContext self, EventType type, Object content, String state, List<String> log) throws Exception;
    }

    /** A handle-event-function machine driven by {@code script}; "log" calls answer the log in any state. */
    static StateMachine<String, List<String>> scripted(String initial, boolean enter, Script script, Action... init) {
        return new StateMachine<>() {
            @Override
            public Init<String, List<String>> init(ProcessContext self) {
                return Init.ok(initial, new ArrayList<>(), init);
            }

            @Override
            public boolean stateEnter() {
                return enter;
            }

            @Override
            public Transition<String, List<String>> handleEvent(
                    ProcessContext self, EventType type, Object content, String state, List<String> log)
                    throws Exception {
                if (type instanceof EventType.Call call && content.equals("log")) {
                    return Transition.keepStateAndData(Action.reply(call.from(), List.copyOf(log)));
                }
                if (type instanceof EventType.Call call && content.equals("state")) {
                    return Transition.keepStateAndData(Action.reply(call.from(), state));
                }
                return script.on(self, type, content, state, log);
            }
        };
    }

    private static Pid start(ProcessContext self, StateMachine<?, ?> m) {
        return StateMachine.start(self, m).pid();
    }

    @SuppressWarnings("unchecked")
    private static List<String> log(ProcessContext self, Pid m) {
        return (List<String>) StateMachine.call(self, m, "log");
    }

    /**
     * The machine's log once it has at least {@code size} entries: on the production scheduler a busy
     * machine may fire a timeout late, so a fixed wait is only the first try (bounded by {@link #WAIT}).
     */
    private static List<String> awaitLog(ProcessContext self, Pid m, int size) {
        long deadline = self.monotonicTime() + WAIT.toNanos();
        List<String> log = log(self, m);
        while (log.size() < size && self.monotonicTime() < deadline) {
            self.receive(x -> null, Duration.ofMillis(20));
            log = log(self, m);
        }
        return log;
    }

    private static String name(EventType t) {
        return switch (t) {
            case EventType.Call c -> "call";
            case EventType.Cast c -> "cast";
            case EventType.Info i -> "info";
            case EventType.EventTimeout e -> "event_timeout";
            case EventType.StateTimeout s -> "state_timeout";
            case EventType.GenericTimeout g -> "timeout:" + g.name();
            case EventType.Internal i -> "internal";
            case EventType.Enter e -> "enter";
        };
    }

    @Test
    void SM1_postponedEventsAreRetriedOnlyOnARealStateChangeInTheirOriginalOrder() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("locked", false, (s, type, content, state, log) -> {
                if (state.equals("locked")) {
                    return switch (String.valueOf(content)) {
                        case "same" -> Transition.nextState("locked", log);
                        case "keep" -> Transition.keepState(log);
                        case "repeat" -> Transition.repeatStateAndData();
                        case "data" -> Transition.keepState(new ArrayList<>(log));
                        case "unlock" -> Transition.nextState("open", log);
                        default -> Transition.keepStateAndData(Action.postpone());
                    };
                }
                log.add(String.valueOf(content));
                return Transition.keepState(log);
            }));
            for (String e : List.of("a", "b", "same", "keep", "repeat", "data")) {
                StateMachine.cast(self, m, e);
            }
            List<String> before = log(self, m);
            StateMachine.cast(self, m, "unlock");
            List<String> after = log(self, m);
            List<String> out = new ArrayList<>(before);
            out.add("|");
            out.addAll(after);
            return out;
        });
        assertEquals(List.of("|", "a", "b"), got);
    }

    @Test
    void SM2_callingAnotherStatesHandlerByHandIsNotAStateChange() {
        List<Object> got = run(self -> {
            Pid m = start(self, new StateMachine<String, Integer>() {
                @Override
                public Init<String, Integer> init(ProcessContext s) {
                    return Init.ok("a", 0);
                }

                @Override
                public CallbackMode callbackMode() {
                    return CallbackMode.STATE_FUNCTIONS;
                }

                @Override
                public StateFunction<String, Integer> stateFunction(String state) {
                    return switch (state) {
                        case "a" ->
                            (s, type, content, n) -> {
                                if (content.equals("delegate")) {
                                    return stateFunction("b").handle(s, type, content, n); // by hand
                                }
                                if (type instanceof EventType.Call c) {
                                    return Transition.keepStateAndData(Action.reply(c.from(), "in a, n=" + n));
                                }
                                return Transition.keepStateAndData(Action.postpone());
                            };
                        case "b" -> (s, type, content, n) -> Transition.keepState(n + 1);
                        default -> throw new IllegalStateException(state);
                    };
                }
            });
            StateMachine.cast(self, m, "delegate");
            return List.of(StateMachine.call(self, m, "where"));
        });
        assertEquals(List.of("in a, n=1"), got, "still in a; b's handler ran, its data change kept");
    }

    @Test
    void SM3_postponeInInitActionsIsIgnored() {
        Object got = run(self -> {
            Pid m = start(
                    self,
                    scripted(
                            "s",
                            false,
                            (s, t, c, st, log) -> {
                                log.add(name(t) + ":" + c);
                                return Transition.keepState(log);
                            },
                            Action.postpone(),
                            Action.nextEvent(EventType.internal(), "first")));
            return log(self, m);
        });
        assertEquals(List.of("internal:first"), got);
    }

    @Test
    void SM4_anEventTimeoutIsCancelledByAnyEventAndZeroFiresOnlyIfNothingIsQueued() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("s", false, (s, type, content, state, log) -> {
                log.add(name(type) + ":" + content);
                return switch (String.valueOf(content)) {
                    case "arm" -> Transition.keepState(log, Action.eventTimeout(Duration.ofSeconds(1), "t1"));
                    case "arm0-with-next" ->
                        Transition.keepState(
                                log,
                                Action.nextEvent(EventType.internal(), "inserted"),
                                Action.eventTimeout(Duration.ZERO, "t0-cancelled"));
                    case "arm0" -> Transition.keepState(log, Action.eventTimeout(Duration.ZERO, "t0"));
                    case "infinity" -> Transition.keepState(log, Action.eventTimeout(null, "never"));
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "arm");
            StateMachine.cast(self, m, "poke"); // cancels t1 (sent at once, long before 1 s)
            StateMachine.cast(self, m, "arm0-with-next"); // the inserted event comes first and cancels it
            StateMachine.cast(self, m, "arm0"); // nothing queued: fires at once
            StateMachine.cast(self, m, "infinity");
            if (controlled()) {
                self.receive(x -> null, Duration.ofSeconds(2)); // virtual time for any stray timeout
            }
            return log(self, m);
        });
        assertEquals(
                List.of(
                        "cast:arm",
                        "cast:poke",
                        "cast:arm0-with-next",
                        "internal:inserted",
                        "cast:arm0",
                        "event_timeout:t0",
                        "cast:infinity"),
                controlled() ? got : got.subList(0, 7));
    }

    @Test
    void SM5_aStateTimeoutBelongsToItsStateAndIsReplacedOrCancelled() {
        List<String> got = run(self -> {
            Pid me = self.self();
            Pid m = start(self, scripted("a", false, (s, type, content, state, log) -> {
                log.add(state + "/" + name(type) + ":" + content);
                if ("b-timeout".equals(content)) {
                    s.send(me, "b-fired");
                }
                return switch (String.valueOf(content)) {
                    case "go-b-with-timeout" ->
                        Transition.nextState("b", log, Action.stateTimeout(Duration.ofMillis(100), "b-timeout"));
                    case "arm" -> Transition.keepState(log, Action.stateTimeout(Duration.ofMillis(100), "old"));
                    case "rearm" -> Transition.keepState(log, Action.stateTimeout(Duration.ofMillis(200), "new"));
                    case "cancel" -> Transition.keepState(log, Action.stateTimeout(null, null));
                    case "go-c" -> Transition.nextState("c", log);
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "arm"); // in a
            StateMachine.cast(self, m, "go-b-with-timeout"); // a's timeout is cancelled; b's is set
            expect(self, x -> "b-fired".equals(x) ? x : null, "b's state timeout"); // b's fires
            StateMachine.cast(self, m, "rearm"); // in b: replaces nothing running
            StateMachine.cast(self, m, "arm"); // replaces "new" by "old"
            StateMachine.cast(self, m, "cancel");
            StateMachine.cast(self, m, "arm");
            StateMachine.cast(self, m, "go-c"); // the state change cancels it
            self.receive(x -> null, Duration.ofMillis(300));
            return awaitLog(self, m, 8);
        });
        List<String> expected = List.of(
                "a/cast:arm",
                "a/cast:go-b-with-timeout",
                "b/state_timeout:b-timeout",
                "b/cast:rearm",
                "b/cast:arm",
                "b/cast:cancel",
                "b/cast:arm",
                "b/cast:go-c");
        if (controlled()) {
            assertEquals(expected, got);
        } else {
            assertTrue(got.containsAll(expected) && got.size() == expected.size(), got::toString);
        }
    }

    @Test
    void SM6_namedGenericTimeoutsSurviveStateChangesRestartByNameAndCarryTheirName() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("a", false, (s, type, content, state, log) -> {
                log.add(name(type) + ":" + content);
                return switch (String.valueOf(content)) {
                    case "set" ->
                        Transition.nextState(
                                "b",
                                log,
                                Action.genericTimeout("x", Duration.ofMillis(100), "x-old"),
                                Action.genericTimeout("y", Duration.ofMillis(150), "y"));
                    case "restart-x" ->
                        Transition.nextState("c", log, Action.genericTimeout("x", Duration.ofMillis(200), "x-new"));
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "set");
            StateMachine.cast(self, m, "restart-x");
            self.receive(x -> null, Duration.ofMillis(400));
            return awaitLog(self, m, 4);
        });
        assertEquals(List.of("cast:set", "cast:restart-x", "timeout:y:y", "timeout:x:x-new"), got);
    }

    @Test
    void SM7_updateChangesARunningTimeoutsContentOrQueuesTheEventAndAbsoluteTimesWork() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("s", false, (s, type, content, state, log) -> {
                log.add(name(type) + ":" + content);
                return switch (String.valueOf(content)) {
                    case "set" ->
                        Transition.keepState(
                                log,
                                Action.genericTimeout("g", Duration.ofMillis(100), "original"),
                                Action.timeoutAt(
                                        Action.Kind.GENERIC,
                                        "abs",
                                        s.monotonicTime()
                                                + Duration.ofMillis(300).toNanos(),
                                        "absolute"));
                    case "update" ->
                        Transition.keepState(
                                log,
                                Action.updateTimeout(Action.Kind.GENERIC, "g", "updated"),
                                Action.updateTimeout(Action.Kind.GENERIC, "none-running", "queued at once"));
                    case "cancel-abs" -> Transition.keepState(log, Action.cancelTimeout(Action.Kind.GENERIC, "abs"));
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "set");
            StateMachine.cast(self, m, "update");
            self.receive(x -> null, Duration.ofMillis(200));
            return awaitLog(self, m, 4);
        });
        assertEquals(
                List.of("cast:set", "cast:update", "timeout:none-running:queued at once", "timeout:g:updated"), got);
    }

    @Test
    void SM8_aRestartedTimeoutNeverDeliversItsStaleEvent() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("s", false, (s, type, content, state, log) -> {
                log.add(name(type) + ":" + content);
                return content.equals("restart")
                        ? Transition.keepState(log, Action.stateTimeout(Duration.ofMillis(50), "second"))
                        : content.equals("start")
                                ? Transition.keepState(log, Action.stateTimeout(Duration.ZERO, "first"))
                                : Transition.keepState(log);
            }));
            StateMachine.cast(self, m, "restart"); // not yet: a 50 ms one
            StateMachine.cast(self, m, "restart"); // replaced by another 50 ms one
            self.receive(x -> null, Duration.ofMillis(100));
            return awaitLog(self, m, 3);
        });
        assertEquals(List.of("cast:restart", "cast:restart", "state_timeout:second"), got);
    }

    @Test
    void SM9_nextEventMayCarryAnyTypeAndInternalComesOnlyFromNextEvent() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("s", false, (s, type, content, state, log) -> {
                log.add(name(type) + ":" + content);
                return content.equals("go")
                        ? Transition.keepState(
                                log,
                                Action.nextEvent(EventType.internal(), "i"),
                                Action.nextEvent(EventType.cast(), "c"),
                                Action.nextEvent(EventType.info(), "n"))
                        : Transition.keepState(log);
            }));
            StateMachine.cast(self, m, "go");
            self.send(m, "a plain message"); // an info, never an internal
            return log(self, m);
        });
        assertEquals(List.of("cast:go", "internal:i", "cast:c", "info:n", "info:a plain message"), got);
    }

    @Test
    void SM10_stateEnterRunsForTheInitialStateAndEveryChangeAndMayNotChangeState() {
        List<Object> got = run(self -> {
            Pid m = start(self, scripted("a", true, (s, type, content, state, log) -> {
                log.add(state + "/" + name(type) + ":" + content);
                if (type instanceof EventType.Enter) {
                    return content.equals("bad") || state.equals("bad")
                            ? Transition.nextState("elsewhere", log)
                            : Transition.keepState(log);
                }
                return switch (String.valueOf(content)) {
                    case "b" -> Transition.nextState("b", log);
                    case "repeat" -> Transition.repeatState(log);
                    case "same" -> Transition.nextState(state, log);
                    case "bad" -> Transition.nextState("bad", log);
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "b");
            StateMachine.cast(self, m, "repeat");
            StateMachine.cast(self, m, "same");
            List<String> log = log(self, m);
            var watch = self.monitor(m);
            StateMachine.cast(self, m, "bad");
            return List.of(log, down(self, watch).reason());
        });
        assertEquals(
                List.of("a/enter:a", "a/cast:b", "b/enter:a", "b/cast:repeat", "b/enter:b", "b/cast:same"), got.get(0));
        assertTrue(got.get(1).toString().contains("a state-enter call may not change the state"), got.get(1)::toString);
    }

    @Test
    void SM11_bothCallbackModesWork() {
        Object got = run(self -> {
            Pid m = start(self, new StateMachine<String, Integer>() {
                @Override
                public Init<String, Integer> init(ProcessContext s) {
                    return Init.ok("off", 0);
                }

                @Override
                public CallbackMode callbackMode() {
                    return CallbackMode.STATE_FUNCTIONS;
                }

                @Override
                public StateFunction<String, Integer> stateFunction(String state) {
                    return (s, type, content, flips) -> {
                        if (type instanceof EventType.Call c) {
                            return Transition.keepStateAndData(Action.reply(c.from(), state + " after " + flips));
                        }
                        return Transition.nextState(state.equals("off") ? "on" : "off", flips + 1);
                    };
                }
            });
            StateMachine.cast(self, m, "flip");
            StateMachine.cast(self, m, "flip");
            StateMachine.cast(self, m, "flip");
            return StateMachine.call(self, m, "where");
        });
        assertEquals("on after 3", got);
    }

    @Test
    void SM12_stopAndReplySendsEveryReplyThenTerminatesAndStopFromEnterIsAllowed() {
        List<Object> got = run(self -> {
            Pid m = start(self, scripted("a", false, (s, type, content, state, log) -> {
                if (type instanceof EventType.Call call) {
                    if (content.equals("first")) {
                        return Transition.keepState(log, Action.postpone());
                    }
                    return Transition.stopAndReply(ExitReason.normal(), new Action.Reply(call.from(), "bye"));
                }
                return Transition.keepState(log);
            }));
            Object reply = StateMachine.call(self, m, "second");
            Pid enterStops = start(self, scripted("x", true, (s, type, content, state, log) -> {
                if (type instanceof EventType.Enter) {
                    return state.equals("y")
                            ? Transition.stop(ExitReason.of("stopped from enter"))
                            : Transition.keepState(log);
                }
                return Transition.nextState("y", log);
            }));
            var watch = self.monitor(enterStops);
            StateMachine.cast(self, enterStops, "go");
            return List.of(reply, down(self, watch).reason());
        });
        assertEquals("bye", got.get(0));
        assertEquals(ExitReason.of("stopped from enter"), got.get(1));
    }

    @Test
    void SM13_repliesMayComeFromALaterStateAndSeveralInOneTransition() {
        List<Object> got = run(self -> {
            Pid m = start(self, scripted("waiting", false, new Script() {
                final List<Action> pending = new ArrayList<>();

                @Override
                public Transition<String, List<String>> on(
                        ProcessContext s, EventType type, Object content, String state, List<String> log) {
                    if (type instanceof EventType.Call call) {
                        pending.add(Action.reply(call.from(), "done in ready"));
                        return pending.size() == 2
                                ? Transition.nextState("ready", log, pending.toArray(Action[]::new))
                                : Transition.keepState(log);
                    }
                    return Transition.keepState(log);
                }
            }));
            Pid me = self.self();
            self.spawn(p -> p.send(me, StateMachine.call(p, m, "one")));
            Object second = StateMachine.call(self, m, "two");
            Object first = expect(self, x -> x.equals("done in ready") ? x : null, "the first reply");
            return List.of(first, second, StateMachine.call(self, m, "state"));
        });
        assertEquals(List.of("done in ready", "done in ready", "ready"), got);
    }

    @Test
    void transitionOrder_insertedEventsComeBeforeRetriedPostponedOnesWhichComeBeforeTheMailbox() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("locked", false, (s, type, content, state, log) -> {
                if (state.equals("locked")) {
                    if (content.equals("unlock")) {
                        // steps 3-5: this event is postponed too; then the change retries the postponed
                        // ones (oldest first), and the inserted event goes ahead of them all
                        return Transition.nextState(
                                "open", log, Action.postpone(), Action.nextEvent(EventType.internal(), "inserted"));
                    }
                    return Transition.keepState(log, Action.postpone());
                }
                log.add(name(type) + ":" + content);
                return Transition.keepState(log);
            }));
            StateMachine.cast(self, m, "p1");
            StateMachine.cast(self, m, "p2");
            StateMachine.cast(self, m, "unlock");
            StateMachine.cast(self, m, "later");
            return log(self, m);
        });
        assertEquals(List.of("internal:inserted", "cast:p1", "cast:p2", "cast:unlock", "cast:later"), got);
    }

    @Test
    void badInput_postponeOrNextEventFromAnEnterCallEndsTheMachineNamingTheRule() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            for (Action forbidden : List.of(Action.postpone(), Action.nextEvent(EventType.internal(), "x"))) {
                StartResult r = StateMachine.start(self, scripted("a", true, (s, type, content, state, log) -> {
                    if (type instanceof EventType.Enter) {
                        return state.equals("b") ? Transition.keepState(log, forbidden) : Transition.keepState(log);
                    }
                    return Transition.nextState("b", log);
                }));
                out.add(assertInstanceOf(StartResult.Started.class, r));
                var watch = self.monitor(r.pid());
                StateMachine.cast(self, r.pid(), "go");
                out.add(down(self, watch).reason().toString());
            }
            try {
                StateMachine.call(self, start(self, scripted("a", false, (s, t, c, st, log) -> null)), "x");
            } catch (CallException e) {
                out.add(e.reason().toString());
            }
            return out;
        });
        assertTrue(got.get(1).toString().contains("a state-enter call may not postpone"), got.get(1)::toString);
        assertTrue(got.get(3).toString().contains("may not insert events"), got.get(3)::toString);
        assertTrue(got.get(4).toString().contains("returned a null transition"), got.get(4)::toString);
    }

    @Test
    void SM8_aDueZeroTimeTimeoutIsCancelledByAStateChangeOrACancelBeforeItArrives() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("a", false, (s, type, content, state, log) -> {
                log.add(state + "/" + name(type) + ":" + content);
                return switch (String.valueOf(content)) {
                    case "go" ->
                        Transition.nextState(
                                "b",
                                log,
                                Action.nextEvent(EventType.internal(), "leave"),
                                Action.stateTimeout(Duration.ZERO, "for b"));
                    case "leave" -> Transition.nextState("c", log); // cancels b's due state timeout
                    case "g" ->
                        Transition.keepState(
                                log,
                                Action.nextEvent(EventType.internal(), "cancel-g"),
                                Action.genericTimeout("g", Duration.ZERO, "g0"));
                    case "cancel-g" -> Transition.keepState(log, Action.cancelTimeout(Action.Kind.GENERIC, "g"));
                    case "e" ->
                        Transition.keepState(
                                log,
                                Action.nextEvent(EventType.internal(), "any event"),
                                Action.updateTimeout(Action.Kind.EVENT, null, "et"));
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "go");
            StateMachine.cast(self, m, "g");
            StateMachine.cast(self, m, "e");
            return log(self, m);
        });
        assertEquals(
                List.of(
                        "a/cast:go",
                        "b/internal:leave",
                        "c/cast:g",
                        "c/internal:cancel-g",
                        "c/cast:e",
                        "c/internal:any event"),
                got);
    }

    @Test
    void SM7_updatingTheStateTimeoutOnAStateChangeFiresItAtOnceForTheNewState() {
        List<String> got = run(self -> {
            Pid m = start(self, scripted("a", false, (s, type, content, state, log) -> {
                log.add(state + "/" + name(type) + ":" + content);
                return switch (String.valueOf(content)) {
                    case "arm" -> Transition.keepState(log, Action.stateTimeout(Duration.ofSeconds(1), "old"));
                    case "go" -> Transition.nextState("b", log, Action.updateTimeout(Action.Kind.STATE, null, "new"));
                    default -> Transition.keepState(log);
                };
            }));
            StateMachine.cast(self, m, "arm");
            StateMachine.cast(self, m, "go");
            return log(self, m);
        });
        assertEquals(List.of("a/cast:arm", "a/cast:go", "b/state_timeout:new"), got);
    }
}
