package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.CallTimeoutException;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Next;
import org.otp4j.server.RequestId;
import org.otp4j.server.Response;
import org.otp4j.server.Result;
import org.otp4j.server.StartResult;

/** SEMANTICS.md G1-G8: the generic server. */
public abstract class GenServerContract extends ConformanceBase {

    protected GenServerContract(NodeFactory factory) {
        super(factory);
    }

    /** A counter: "get", "inc", and a few requests that exercise results; reports to a watcher. */
    static class Counter implements GenServer<Integer> {
        final Pid watcher; // gets ("terminate", reason) and other notes; may be null

        Counter(Pid watcher) {
            this.watcher = watcher;
        }

        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
            return switch (String.valueOf(request)) {
                case "get" -> CallResult.reply(n, n);
                case "inc" -> CallResult.reply(n + 1, n + 1);
                case "later" -> {
                    Pid helper = self.spawn(p -> GenServer.reply(p, from, "from a helper")); // G3
                    yield CallResult.noReply(n);
                }
                case "never" -> CallResult.noReply(n);
                case "stop" -> CallResult.stop(ExitReason.normal(), "stopping", n);
                case "crash" -> throw new IllegalStateException("crash on request");
                case "exit" -> throw self.exit(ExitReason.of("exit called"));
                case "null" -> null;
                default -> CallResult.reply("unknown " + request, n);
            };
        }

        @Override
        public Result<Integer> handleCast(ProcessContext self, Object request, Integer n) {
            return request.equals("inc") ? Result.noReply(n + 1) : Result.stop(ExitReason.of("bad cast"), n);
        }

        @Override
        public void terminate(ProcessContext self, ExitReason reason, Integer n) {
            if (watcher != null) {
                self.send(watcher, List.of("terminate", reason));
            }
        }
    }

    private static Pid startCounter(ProcessContext self, Pid watcher) {
        return GenServer.start(self, new Counter(watcher)).pid();
    }

    private static Object terminated(ProcessContext self) {
        return expect(self, m -> m instanceof List<?> l && l.get(0).equals("terminate") ? l.get(1) : null, "terminate");
    }

    @Test
    void G1_aCallTimesOutAndALateReplyNeverReachesTheCaller() {
        List<Object> got = run(self -> {
            Pid server = startCounter(self, null);
            long t0 = self.monotonicTime();
            CallTimeoutException timedOut = null;
            try {
                if (controlled()) {
                    GenServer.call(self, server, "never"); // the default timeout, in virtual time
                } else {
                    GenServer.call(self, server, "never", Duration.ofMillis(50));
                }
            } catch (CallTimeoutException e) {
                timedOut = e;
            }
            long waited = self.monotonicTime() - t0;
            // a reply arriving after the timeout: the server answers a later call by the earlier From
            Pid slow = GenServer.start(self, new GenServer<From>() {
                        @Override
                        public InitResult<From> init(ProcessContext s) {
                            return InitResult.ok(null);
                        }

                        @Override
                        public CallResult<From> handleCall(ProcessContext s, Object req, From from, From kept) {
                            if (req.equals("first")) {
                                return CallResult.noReply(from);
                            }
                            GenServer.reply(s, kept, "late reply"); // to a caller that gave up
                            return CallResult.reply("second", null);
                        }
                    })
                    .pid();
            try {
                GenServer.call(self, slow, "first", Duration.ofMillis(50));
            } catch (CallTimeoutException expected) {
                // the caller gives up
            }
            Object second = GenServer.call(self, slow, "second");
            boolean noLateReply = self.receive(Duration.ZERO).isEmpty();
            return List.of(timedOut != null, waited, second, noLateReply, timedOut.reason());
        });
        assertEquals(true, got.get(0));
        if (controlled()) {
            assertEquals(Duration.ofSeconds(5).toNanos(), got.get(1), "the default timeout is 5 s");
        }
        assertEquals("second", got.get(2));
        assertEquals(true, got.get(3), "nothing, not even the late reply, is left in the mailbox");
        assertEquals(ExitReason.of("timeout"), got.get(4));
    }

    @Test
    void G2_callingADeadServerAServerThatDiesOrOneselfFails() {
        List<ExitReason> got = run(self -> {
            List<ExitReason> reasons = new ArrayList<>();
            Pid dead = self.spawn(p -> {});
            awaitEnd(self, dead);
            for (Runnable call : List.<Runnable>of(
                    () -> GenServer.call(self, dead, "get"),
                    () -> GenServer.call(self, "no-such-server", "get"),
                    () -> GenServer.call(self, startCounter(self, null), "crash"),
                    () -> GenServer.call(self, self.self(), "get"))) {
                try {
                    call.run();
                    reasons.add(null);
                } catch (CallException e) {
                    reasons.add(e.reason());
                }
            }
            return reasons;
        });
        assertEquals(ExitReason.noproc(), got.get(0));
        assertEquals(ExitReason.noproc(), got.get(1));
        ExitReason.Failure crash = assertInstanceOf(ExitReason.Failure.class, got.get(2));
        assertEquals("crash on request", crash.error().getMessage(), "the caller fails with the server's reason");
        assertEquals(ExitReason.of("calling_self"), got.get(3));
    }

    @Test
    void G3_aCallbackMayReplyLaterFromAnyProcess() {
        Object got = run(self -> GenServer.call(self, startCounter(self, null), "later"));
        assertEquals("from a helper", got);
    }

    @Test
    void G4_initStopIgnoreAndFailureAreReturnedAndStartWaitsForInit() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            StartResult stop = GenServer.startLink(self, s -> InitResult.stop(ExitReason.of("no config")));
            StartResult ignore = GenServer.start(self, s -> InitResult.ignore());
            StartResult crash = GenServer.startLink(self, s -> {
                throw new IllegalArgumentException("init blew up");
            });
            StartResult ok = GenServer.start(self, s -> {
                s.send(me, "init ran");
                return InitResult.ok("state");
            });
            boolean initRanBeforeStartReturned = self.receive(m -> m.equals("init ran") ? m : null, Duration.ZERO)
                    .isPresent();
            return List.of(stop, ignore, crash, ok, initRanBeforeStartReturned, node.isAlive(me));
        });
        assertEquals(new StartResult.Failed(ExitReason.of("no config")), got.get(0));
        assertEquals(new StartResult.Ignored(), got.get(1));
        StartResult.Failed crash = assertInstanceOf(StartResult.Failed.class, got.get(2));
        assertEquals(
                "init blew up", ((ExitReason.Failure) crash.reason()).error().getMessage());
        assertInstanceOf(StartResult.Started.class, got.get(3));
        assertEquals(true, got.get(4), "start blocks until init returns");
        assertEquals(true, got.get(5), "a failed startLink does not take the caller down");
    }

    @Test
    void G4_continueRunsHandleContinueBeforeAnyQueuedMessage() {
        Object got = run(self -> {
            Pid me = self.self();
            Pid server = GenServer.start(self, new GenServer<List<String>>() {
                        @Override
                        public InitResult<List<String>> init(ProcessContext s) {
                            s.send(s.self(), "queued during init");
                            return InitResult.ok(new ArrayList<>(), Next.continueWith("setup"));
                        }

                        @Override
                        public Result<List<String>> handleContinue(ProcessContext s, Object arg, List<String> log) {
                            log.add("continue " + arg);
                            return Result.noReply(log);
                        }

                        @Override
                        public Result<List<String>> handleInfo(ProcessContext s, Object m, List<String> log) {
                            log.add("info " + m);
                            if (log.size() == 2) {
                                s.send(me, List.copyOf(log));
                            }
                            return Result.noReply(log);
                        }
                    })
                    .pid();
            return expect(self, m -> m instanceof List<?> l ? (Object) l : null, "the log of " + server);
        });
        assertEquals(List.of("continue setup", "info queued during init"), got);
    }

    @Test
    void G5_terminateRunsAfterStopAndCrashAndOnAParentExitOnlyWhenTrapping() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            List<Object> out = new ArrayList<>();
            Pid a = startCounter(self, me);
            out.add(GenServer.call(self, a, "stop"));
            out.add(terminated(self));
            Pid b = startCounter(self, me);
            GenServer.cast(self, b, "boom");
            out.add(terminated(self));
            // a parent's exit signal: trapping server terminates; non-trapping one just dies
            for (boolean trap : List.of(true, false)) {
                var parent = self.spawnMonitor(p -> {
                    Pid server = GenServer.startLink(p, new Counter(me) {
                                @Override
                                public InitResult<Integer> init(ProcessContext s) {
                                    s.trapExit(trap);
                                    return InitResult.ok(0);
                                }
                            })
                            .pid();
                    p.send(me, server);
                    p.receive(m -> m.equals("die") ? m : null);
                    throw p.exit(ExitReason.of("parent gone"));
                });
                Pid server = expect(self, Matcher.type(Pid.class), "the server");
                var watch = self.monitor(server);
                GenServer.call(self, server, "get"); // the MONITOR is handled before the parent dies
                self.send(parent.pid(), "die");
                Down d = down(self, watch);
                out.add(d.reason());
                Optional<Object> terminate = self.receive(
                        m -> m instanceof List<?> l && l.get(0).equals("terminate") ? (Object) l.get(1) : null,
                        Duration.ZERO);
                out.add(terminate.orElse("no terminate"));
            }
            return out;
        });
        assertEquals("stopping", got.get(0));
        assertEquals(ExitReason.normal(), got.get(1));
        assertEquals(ExitReason.of("bad cast"), got.get(2));
        assertEquals(ExitReason.of("parent gone"), got.get(3), "a trapping server exits with its parent's reason");
        assertEquals(ExitReason.of("parent gone"), got.get(4), "... after terminate");
        assertEquals(ExitReason.of("parent gone"), got.get(5), "a non-trapping server exits too");
        assertEquals("no terminate", got.get(6), "... without terminate");
    }

    @Test
    void G6_anIdleTimeoutIsCancelledByAnyMessageAndDeliversTimeoutWhenItFires() {
        List<Object> got = run(self -> {
            Pid me = self.self();
            GenServer<Integer> idle = new GenServer<>() {
                @Override
                public InitResult<Integer> init(ProcessContext s) {
                    return InitResult.ok(0, Next.timeout(Duration.ofMillis(100)));
                }

                @Override
                public Result<Integer> handleInfo(ProcessContext s, Object m, Integer n) {
                    s.send(me, m == GenServer.TIMEOUT ? "timeout fired" : "info " + m);
                    return Result.noReply(n); // no new timeout
                }

                @Override
                public Result<Integer> handleCast(ProcessContext s, Object m, Integer n) {
                    return Result.noReply(n); // any message cancels, and this sets none
                }
            };
            Pid fires = GenServer.start(self, idle).pid();
            Object fired = expect(self, m -> m.equals("timeout fired") ? m : null, "the timeout");
            Pid cancelled = GenServer.start(self, idle).pid();
            GenServer.cast(self, cancelled, "poke"); // sent before 100 ms pass (virtually at once)
            Object after = self.receive(m -> m.equals("timeout fired") ? m : null, Duration.ofMillis(300))
                    .orElse("none");
            return List.of(fired, after, cancelled);
        });
        assertEquals("timeout fired", got.get(0));
        if (controlled()) {
            assertEquals("none", got.get(1), "a message cancels the idle timeout");
        }
    }

    @Test
    void G7_onlyAbnormalReasonsProduceACrashReport() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger("org.otp4j.server");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try {
            run(self -> {
                for (ExitReason reason : List.of(
                        ExitReason.normal(),
                        ExitReason.shutdown(),
                        ExitReason.shutdown("maintenance"),
                        ExitReason.of("abnormal"))) {
                    Pid server = startCounter(self, null);
                    var watch = self.monitor(server);
                    GenServer.cast(self, server, new Object() {}); // not "inc": handleCast stops with bad cast
                    down(self, watch);
                    Pid stopped = startCounter(self, null);
                    GenServer.stop(self, stopped, reason, Duration.ofSeconds(5));
                }
                return null;
            });
        } finally {
            logger.removeHandler(capture);
        }
        List<String> reports;
        synchronized (records) {
            reports = records.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogRecord::getMessage)
                    .toList();
        }
        assertEquals(5, reports.size(), () -> "4 bad casts and 1 abnormal stop are reported: " + reports);
        assertTrue(reports.stream().anyMatch(r -> r.contains("reason: abnormal")), reports::toString);
        assertTrue(reports.stream().noneMatch(r -> r.contains("reason: normal") || r.contains("shutdown")));
    }

    @Test
    void G8_asynchronousRequests() {
        List<Object> got = run(self -> {
            Pid server = startCounter(self, null);
            RequestId inc = GenServer.sendRequest(self, server, "inc");
            RequestId never = GenServer.sendRequest(self, server, "never");
            Response replied = GenServer.waitResponse(self, inc, Duration.ofSeconds(1));
            Response stillWaiting = GenServer.waitResponse(self, never, Duration.ofMillis(10));
            Response abandoned = GenServer.receiveResponse(self, never, Duration.ofMillis(10));
            RequestId get = GenServer.sendRequest(self, server, "get");
            Object message =
                    self.receive(m -> GenServer.checkResponse(self, m, get) instanceof Response.NoMatch ? null : m);
            RequestId toDead = GenServer.sendRequest(self, server, "crash");
            Response failed = GenServer.waitResponse(self, toDead, Duration.ofSeconds(1));
            return List.of(replied, stillWaiting, abandoned, message != null, failed);
        });
        assertEquals(new Response.Reply(1), got.get(0));
        assertEquals(new Response.Timeout(), got.get(1));
        assertEquals(new Response.Timeout(), got.get(2));
        assertEquals(true, got.get(3));
        Response.Failed failed = assertInstanceOf(Response.Failed.class, got.get(4));
        assertInstanceOf(ExitReason.Failure.class, failed.reason());
    }

    @Test
    void badInput_nullResultsAndDoubleRepliesEndTheProcessWithTheBrokenRuleNamed() {
        List<ExitReason> got = run(self -> {
            Pid server = startCounter(self, null);
            ExitReason nullResult;
            try {
                GenServer.call(self, server, "null");
                nullResult = null;
            } catch (CallException e) {
                nullResult = e.reason();
            }
            Pid twice = GenServer.start(self, new GenServer<Integer>() {
                        @Override
                        public InitResult<Integer> init(ProcessContext s) {
                            return InitResult.ok(0);
                        }

                        @Override
                        public CallResult<Integer> handleCall(ProcessContext s, Object r, From from, Integer n) {
                            GenServer.reply(s, from, "first");
                            return CallResult.reply("second", n); // a second reply to the same call
                        }
                    })
                    .pid();
            var watch = self.monitor(twice);
            Object first = GenServer.call(self, twice, "x");
            ExitReason doubled = down(self, watch).reason();
            StartResult taken = GenServer.start(
                    self, s -> InitResult.ok(0), SpawnOptions.defaults().name("taken"));
            StartResult again = GenServer.start(
                    self, s -> InitResult.ok(0), SpawnOptions.defaults().name("taken"));
            return List.of(
                    nullResult,
                    doubled,
                    ExitReason.of(first),
                    ExitReason.of(again.equals(new StartResult.AlreadyStarted(taken.pid()))));
        });
        assertTrue(got.get(0).toString().contains("handleCall returned null"), got.get(0)::toString);
        assertTrue(got.get(1).toString().contains("a call gets exactly one reply"), got.get(1)::toString);
        assertEquals(ExitReason.of("first"), got.get(2));
        assertEquals(ExitReason.of(true), got.get(3), "a taken name gives AlreadyStarted with the owner");
    }

    @Test
    void G5_stopTimesOutOrReportsAnotherReasonAndRefusesToStopItself() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            Pid me = self.self();
            Pid busy = GenServer.start(self, new GenServer<Integer>() {
                        @Override
                        public InitResult<Integer> init(ProcessContext s) {
                            return InitResult.ok(0);
                        }

                        @Override
                        public CallResult<Integer> handleCall(ProcessContext s, Object r, From from, Integer n) {
                            s.send(me, "stuck");
                            s.receive(m -> null); // stuck in a callback for ever
                            return CallResult.reply("never", n);
                        }
                    })
                    .pid();
            self.spawn(p -> {
                try {
                    GenServer.call(p, busy, "hang", GenServer.INFINITY);
                } catch (CallException ignored) {
                    // the server is killed at the end of the test
                }
            });
            expect(self, m -> m.equals("stuck") ? m : null, "the server stuck in handleCall");
            try {
                GenServer.stop(self, busy, ExitReason.normal(), Duration.ofMillis(100));
                out.add("returned");
            } catch (CallTimeoutException e) {
                out.add("timed out");
            }
            try {
                GenServer.stop(self, me, ExitReason.normal(), Duration.ofMillis(100));
            } catch (CallException e) {
                out.add(e.reason());
            }
            out.add(self.receive(Duration.ZERO).map(Object::toString).orElse("empty mailbox"));
            self.exit(busy, ExitReason.kill());
            return out;
        });
        assertEquals(List.of("timed out", ExitReason.of("calling_self"), "empty mailbox"), got);
    }

    @Test
    void G4_aFailedOrIgnoredStartReleasesItsNameBeforeItReturns() {
        List<Object> got = run(self -> {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.add(GenServer.start(
                        self,
                        s -> InitResult.stop(ExitReason.of("no")),
                        SpawnOptions.defaults().name("n")));
                out.add(GenServer.start(
                        self, s -> InitResult.ignore(), SpawnOptions.defaults().name("n")));
            }
            StartResult ok = GenServer.start(
                    self, s -> InitResult.ok(0), SpawnOptions.defaults().name("n"));
            out.add(ok instanceof StartResult.Started);
            return out;
        });
        for (int i = 0; i < 6; i += 2) {
            assertEquals(new StartResult.Failed(ExitReason.of("no")), got.get(i));
            assertEquals(new StartResult.Ignored(), got.get(i + 1));
        }
        assertEquals(true, got.get(6));
    }

    @Test
    void G4_aLongChainOfContinuesDoesNotGrowTheStack() {
        Object got = run(self -> {
            Pid server = GenServer.start(self, new GenServer<Integer>() {
                        @Override
                        public InitResult<Integer> init(ProcessContext s) {
                            return InitResult.ok(0, Next.continueWith("more"));
                        }

                        @Override
                        public Result<Integer> handleContinue(ProcessContext s, Object arg, Integer n) {
                            return n < 100_000 ? Result.noReply(n + 1, Next.continueWith("more")) : Result.noReply(n);
                        }

                        @Override
                        public CallResult<Integer> handleCall(ProcessContext s, Object r, From from, Integer n) {
                            return CallResult.reply(n, n);
                        }
                    })
                    .pid();
            return GenServer.call(self, server, "get");
        });
        assertEquals(100_000, got);
    }

    @Test
    void G5_stopAndReplyRunsTerminateBeforeTheCallerGetsItsReply() {
        List<Object> got = run(self -> {
            Pid server = startCounter(self, self.self());
            Object reply = GenServer.call(self, server, "stop");
            Object terminateAlreadyHere = self.receive(
                            m -> m instanceof List<?> l && l.get(0).equals("terminate") ? (Object) l.get(1) : null,
                            Duration.ZERO)
                    .orElse("not yet");
            return List.of(reply, terminateAlreadyHere);
        });
        assertEquals(List.of("stopping", ExitReason.normal()), got);
    }

    @Test
    void G8_requestIdCollectionsAnswerInArrivalOrderWithTheirLabels() {
        List<Object> got = run(self -> {
            Pid a = startCounter(self, null);
            Pid b = startCounter(self, null);
            org.otp4j.server.RequestIds<String> ids = new org.otp4j.server.RequestIds<String>()
                    .add(GenServer.sendRequest(self, a, "inc"), "a")
                    .add(GenServer.sendRequest(self, b, "crash"), "b")
                    .add(GenServer.sendRequest(self, a, "never"), "never");
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                var answer = ids.waitResponse(self, Duration.ofSeconds(1)).orElseThrow();
                out.add(answer.label() + ":" + answer.response().getClass().getSimpleName());
            }
            out.add(ids.waitResponse(self, Duration.ofMillis(10)));
            out.add(ids.size());
            return out;
        });
        assertTrue(got.subList(0, 2).containsAll(List.of("a:Reply", "b:Failed")), got::toString);
        assertEquals(java.util.Optional.empty(), got.get(2), "the unanswered request times out");
        assertEquals(1, got.get(3), "... and stays pending");
    }

    @Test
    void G5_terminateRunsWhenACallbackCallsExit() {
        List<Object> got = run(self -> {
            Pid server = startCounter(self, self.self());
            ExitReason callerSaw;
            try {
                GenServer.call(self, server, "exit");
                callerSaw = null;
            } catch (CallException e) {
                callerSaw = e.reason();
            }
            return List.of(callerSaw, terminated(self));
        });
        assertEquals(List.of(ExitReason.of("exit called"), ExitReason.of("exit called")), got);
    }
}
