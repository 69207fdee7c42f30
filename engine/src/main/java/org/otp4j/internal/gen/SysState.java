package org.otp4j.internal.gen;

import java.util.ArrayDeque;
import org.otp4j.ProcessContext;
import org.otp4j.server.GenServer;
import org.otp4j.sys.Sys;

/**
 * A behaviour's side of {@link Sys}: answers system requests between callbacks, holds ordinary messages
 * while suspended, and keeps the trace and statistics switches.
 */
public final class SysState {
    /** What a behaviour exposes to system requests. */
    public interface Owner {
        /** {@return the behaviour's name: gen_server or gen_statem} */
        String behaviour();

        /** {@return the state as reported} */
        Object reportedState();

        /**
         * Replaces the state.
         *
         * @param replacement the new state, in the reported form
         */
        void replaceState(Object replacement);

        /** {@return the events a state machine holds postponed} */
        int postponed();

        /** {@return the behaviour's parent, whose exit signal ends it even while suspended} */
        org.otp4j.Pid parent();
    }

    private static final System.Logger TRACE = System.getLogger("org.otp4j.sys");

    private boolean suspended;
    private final ArrayDeque<Object> stash = new ArrayDeque<>(); // ordinary messages held while suspended
    private boolean trace;
    private Sys.Statistics stats; // null while off
    private boolean resumed; // the last intercepted request was a resume

    /** Creates the state of one behaviour: not suspended, no trace, no statistics. */
    public SysState() {}

    /**
     * Looks at a message before the behaviour does.
     *
     * @param self the behaviour's context
     * @param message the message
     * @param owner the behaviour
     * @return true if the message was a system request (answered) or was held (suspended): the behaviour
     *     must not handle it now
     */
    public boolean intercept(ProcessContext self, Object message, Owner owner) {
        resumed = false;
        if (message instanceof Gen.CallMessage call && call.request() instanceof Sys.Request request) {
            GenServer.reply(self, call.from(), answer(self, request, owner));
            return true;
        }
        if (suspended && !passesSuspension(self, message, owner)) {
            stash.addLast(message); // SY2: ordinary messages wait, in order
            return true;
        }
        if (stats != null) {
            stats = new Sys.Statistics(stats.since(), stats.messagesIn() + 1, stats.replies());
        }
        if (trace) {
            TRACE.log(System.Logger.Level.INFO, owner.behaviour() + " " + self.self() + " got " + message);
        }
        return false;
    }

    private Object answer(ProcessContext self, Sys.Request request, Owner owner) {
        return switch (request) {
            case Sys.GetState g -> owner.reportedState();
            case Sys.ReplaceState r -> {
                try {
                    owner.replaceState(r.replace().apply(owner.reportedState()));
                } catch (RuntimeException | Error e) {
                    yield new Sys.Failed(e); // SY1: the state stays as it was; the caller fails
                }
                yield owner.reportedState();
            }
            case Sys.Suspend s -> {
                suspended = true;
                yield "ok";
            }
            case Sys.Resume r -> {
                suspended = false;
                resumed = true;
                yield "ok";
            }
            case Sys.GetStatus g ->
                new Sys.Status(
                        self.self(),
                        owner.behaviour(),
                        suspended,
                        owner.reportedState(),
                        owner.postponed(),
                        stash.size(),
                        stats);
            case Sys.Trace t -> {
                trace = t.on();
                yield "ok";
            }
            case Sys.Stats s -> {
                stats = s.on() ? new Sys.Statistics(self.monotonicTime(), 0, 0) : null;
                yield "ok";
            }
        };
    }

    /**
     * What a suspended behaviour still handles besides system requests, as OTP's suspended loop does: a
     * stop request ({@code sys:terminate}) and its parent's exit signal.
     */
    private static boolean passesSuspension(ProcessContext self, Object message, Owner owner) {
        return (message instanceof Gen.CallMessage call && call.request() instanceof Gen.StopRequest)
                || (message instanceof org.otp4j.Exit exit
                        && BehaviourProcess.fromParentOrHost(self, exit.from(), owner.parent()));
    }

    /** Counts a reply the behaviour sent, for the statistics. */
    public void replied() {
        if (stats != null) {
            stats = new Sys.Statistics(stats.since(), stats.messagesIn(), stats.replies() + 1);
        }
    }

    /** {@return a message held while suspended, now that the behaviour has resumed, or null} */
    public Object nextHeld() {
        return resumed && !suspended ? stash.pollFirst() : null;
    }
}
