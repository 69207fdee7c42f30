package org.otp4j.internal.gen;

import org.otp4j.Exit;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.server.CallResult;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Next;
import org.otp4j.server.Result;

/**
 * The loop of a {@link GenServer}: a handler process that calls the callbacks and acts on their results.
 * Not an API.
 *
 * @param <S> the state type
 */
public final class ServerProcess<S> extends BehaviourProcess {
    /*
     * Overview. A server is an activation-driven process: init runs in the first activation (started),
     * then every message is one handle() call. Idle timeouts are keyed timers, so any message cancels
     * them and a cancelled timeout never arrives (G6). Callbacks that throw end the server after
     * terminate; ExitException (a signal that already decided the process dies, or exit() called by a
     * callback) is left to the kernel and skips terminate, as an untrapped exit signal does in OTP.
     */

    /** The logger of server crash reports. */
    public static final System.Logger LOG = System.getLogger("org.otp4j.server");

    private static final Object IDLE_TIMER = new Object() {
        @Override
        public String toString() {
            return "gen_server idle timeout";
        }
    };

    private final GenServer<S> callbacks;
    private S state;
    private Object lastMessage; // for crash reports
    private boolean terminating; // terminate has run (or is running): the exit that follows is ours

    /**
     * Creates the loop of one server.
     *
     * @param callbacks the server's callbacks
     * @param parent its starter
     * @param startTag the start's reference
     */
    public ServerProcess(GenServer<S> callbacks, Pid parent, Ref startTag) {
        super(parent, startTag);
        this.callbacks = callbacks;
    }

    @Override
    public String initialCall() {
        return callbacks.getClass().getName();
    }

    @Override
    public void started(ProcessContext self) {
        InitResult<S> result =
                callInit(self, () -> callbacks.init(self), callbacks.getClass().getName() + ".init");
        switch (result) {
            case InitResult.Ok<S> ok -> {
                state = ok.state();
                ackStarted(self);
                try {
                    after(self, ok.next()); // G4: a continue runs before any queued message
                } catch (ExitException e) {
                    voluntaryExit(self, e); // a callback called exit(): terminate runs, as in OTP
                    throw e;
                } catch (Exception | Error e) {
                    crash(self, ExitReason.exception(e));
                }
            }
            case InitResult.Ignore<S> ignore -> {
                throw ignoreStart(self);
            }
            case InitResult.Stop<S> stop -> throw failStart(self, stop.reason());
        }
    }

    @Override
    public String behaviour() {
        return "gen_server";
    }

    @Override
    public Object reportedState() {
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void replaceState(Object replacement) {
        state = (S) replacement;
    }

    @Override
    public int postponed() {
        return 0;
    }

    @Override
    protected void dispatch(ProcessContext self, Object message) {
        lastMessage = message;
        self.timers().cancel(IDLE_TIMER); // G6: any message cancels the idle timeout
        try {
            switch (message) {
                case Gen.CallMessage call
                when call.request() instanceof Gen.StopRequest stop -> {
                    terminate(self, stop.reason());
                    report(self, stop.reason());
                    GenServer.reply(self, call.from(), "ok");
                    throw self.exit(stop.reason());
                }
                case Gen.CallMessage call -> onCall(self, call);
                case Gen.CastMessage cast ->
                    onResult(self, callbacks.handleCast(self, cast.request(), state), "handleCast");
                case IdleTimeoutTick tick ->
                    onResult(self, callbacks.handleInfo(self, GenServer.TIMEOUT, state), "handleInfo");
                case Exit exit
                when fromParentOrHost(self, exit.from(), parent()) -> {
                    // G5: a trapping server asked to exit by its parent terminates with that reason
                    terminate(self, exit.reason());
                    report(self, exit.reason());
                    throw self.exit(exit.reason());
                }
                default -> onResult(self, callbacks.handleInfo(self, message, state), "handleInfo");
            }
        } catch (ExitException e) {
            voluntaryExit(self, e); // a callback called exit(): terminate runs, as in OTP
            throw e;
        } catch (Exception | Error e) {
            crash(self, ExitReason.exception(e));
        }
    }

    private void onCall(ProcessContext self, Gen.CallMessage call) throws Exception {
        CallResult<S> result = callbacks.handleCall(self, call.request(), call.from(), state);
        switch (result) {
            case null -> throw new IllegalStateException(callbacks.getClass().getName() + ".handleCall returned null");
            case CallResult.Reply<S> reply -> {
                state = reply.state();
                GenServer.reply(self, call.from(), reply.value());
                sys().replied();
                after(self, reply.next());
            }
            case CallResult.StopReply<S> stop -> {
                state = stop.state(); // as OTP: terminate runs first, then the caller gets its reply
                terminate(self, stop.reason());
                report(self, stop.reason());
                GenServer.reply(self, call.from(), stop.value());
                throw self.exit(stop.reason());
            }
            case Result.NoReply<S> noReply -> {
                state = noReply.state();
                after(self, noReply.next());
            }
            case Result.Stop<S> stop -> {
                state = stop.state();
                stop(self, stop.reason());
            }
        }
    }

    private void onResult(ProcessContext self, Result<S> result, String callback) throws Exception {
        switch (result) {
            case null ->
                throw new IllegalStateException(callbacks.getClass().getName() + "." + callback + " returned null");
            case Result.NoReply<S> noReply -> {
                state = noReply.state();
                after(self, noReply.next());
            }
            case Result.Stop<S> stop -> {
                state = stop.state();
                stop(self, stop.reason());
            }
        }
    }

    /**
     * Acts on the action of a result: idle timeout, hibernate (nothing to do), or continue at once. A
     * chain of continues runs in this loop, not by recursion, however long it is.
     */
    private void after(ProcessContext self, Next next) throws Exception {
        while (true) {
            switch (next) {
                case Next.None none -> {
                    return;
                }
                case Next.Hibernate hibernate -> {
                    return; // a server holds no thread between messages already
                }
                case Next.Timeout t -> {
                    if (!Gen.isInfinite(t.timeout())) { // infinity: no timer at all
                        self.timers().startSingleTimer(IDLE_TIMER, new IdleTimeoutTick(), t.timeout());
                    }
                    return;
                }
                case Next.Continue c -> {
                    Result<S> r = callbacks.handleContinue(self, c.argument(), state);
                    if (!(r instanceof Result.NoReply<S> noReply)) {
                        onResult(self, r, "handleContinue");
                        return;
                    }
                    state = noReply.state();
                    next = noReply.next();
                }
            }
        }
    }

    private void stop(ProcessContext self, ExitReason reason) {
        terminate(self, reason);
        report(self, reason);
        throw self.exit(reason);
    }

    private void crash(ProcessContext self, ExitReason reason) {
        if (reason instanceof ExitReason.Failure f) {
            org.otp4j.internal.Kernel.access().actOnInterrupt(self, f.error()); // a kill's interrupt: E3
        }
        terminate(self, reason);
        report(self, reason);
        throw self.exit(reason);
    }

    /** A callback ended the server with exit(): run terminate and report, unless a signal decided it. */
    private void voluntaryExit(ProcessContext self, ExitException e) {
        if (!e.bySignal() && !terminating) {
            terminate(self, e.reason());
            report(self, e.reason());
        }
    }

    private void terminate(ProcessContext self, ExitReason reason) {
        terminating = true;
        try {
            callbacks.terminate(self, reason, state);
        } catch (ExitException e) {
            throw e;
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, "server " + self.self() + ": terminate failed", e);
        }
    }

    /** G7: a crash report for every reason but normal, shutdown and shutdown(term). */
    private void report(ProcessContext self, ExitReason reason) {
        if (reason.isQuiet() || !LOG.isLoggable(System.Logger.Level.ERROR)) {
            return;
        }
        String text = "server " + self.self() + " (" + callbacks.getClass().getName() + ") terminating\n" + "  reason: "
                + reason + "\n  last message: " + lastMessage + "\n  state: " + state;
        if (reason instanceof ExitReason.Failure f) {
            LOG.log(System.Logger.Level.ERROR, text, f.error());
        } else {
            LOG.log(System.Logger.Level.ERROR, text);
        }
    }

    /** The message of an idle timeout (a keyed timer: stale ones never arrive). */
    record IdleTimeoutTick() {}
}
