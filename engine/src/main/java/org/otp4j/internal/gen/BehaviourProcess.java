package org.otp4j.internal.gen;

import java.util.Optional;
import org.otp4j.ExitReason;
import org.otp4j.MessageHandler;
import org.otp4j.Name;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.server.StartResult;

/**
 * What every behaviour's process shares, as OTP's {@code proc_lib} and {@code sys} do for each {@code
 * gen_*}: the answer to the starter (started, ignored, failed), and system requests answered between
 * callbacks, with ordinary messages held while suspended.
 */
public abstract class BehaviourProcess implements MessageHandler, SysState.Owner {
    private final Pid parent;
    private final Ref startTag;
    private final SysState sys = new SysState();
    private Name.Via via; // taken before init; the owner's thread only

    /**
     * Creates the process's shared part.
     *
     * @param parent the starter
     * @param startTag the start's reference, for the acknowledgement
     */
    protected BehaviourProcess(Pid parent, Ref startTag) {
        this.parent = parent;
        this.startTag = startTag;
    }

    @Override
    public final Pid parent() {
        return parent;
    }

    /**
     * Whether an exit signal comes from the behaviour's parent, or from its node's host ({@code
     * Node.exit} from a host thread, {@code Node.close}). A behaviour started from the host is started by
     * a short-lived process on the host's behalf, which is gone by the time anyone would stop the
     * behaviour; the host stands for that parent, so that closing the node takes a supervision tree down
     * from the top, as OTP's application master takes down its top supervisor, instead of the supervisor
     * restarting children the close has just ended.
     *
     * @param self the behaviour's process
     * @param from the signal's sender
     * @param parent the behaviour's parent
     * @return true for the parent or the host
     */
    public static boolean fromParentOrHost(ProcessContext self, Pid from, Pid parent) {
        return from.equals(parent) || from.equals(self.node().hostPid());
    }

    /** {@return the sys state, for counting replies} */
    protected final SysState sys() {
        return sys;
    }

    @Override
    public final void handle(ProcessContext self, Object message) {
        if (sys.intercept(self, message, this)) {
            for (Object held = sys.nextHeld(); held != null; held = sys.nextHeld()) {
                dispatch(self, held); // after a resume: the messages that waited, in order
            }
            return;
        }
        dispatch(self, message);
    }

    /**
     * Handles one ordinary message.
     *
     * @param self the behaviour's context
     * @param message the message
     */
    protected abstract void dispatch(ProcessContext self, Object message);

    /**
     * A behaviour's init callback.
     *
     * @param <R> its result type
     */
    @FunctionalInterface
    protected interface InitCall<R> {
        /**
         * Runs init.
         *
         * @return its result
         * @throws Exception fails the start
         */
        R run() throws Exception;
    }

    /**
     * Runs the behaviour's init: a null result, an exception or an exit fails the start (G4).
     *
     * @param self the behaviour's context
     * @param init the callback
     * @param name names the callback for the null-result error
     * @param <R> the result type
     * @return init's result
     */
    protected final <R> R callInit(ProcessContext self, InitCall<R> init, String name) {
        takeViaName(self);
        try {
            R result = init.run();
            if (result == null) {
                throw new IllegalStateException(name + " returned null");
            }
            return result;
        } catch (org.otp4j.ExitException e) {
            throw failStart(self, e.reason());
        } catch (Exception | Error e) {
            throw failStart(self, ExitReason.exception(e));
        }
    }

    /**
     * Takes the via-name given at start, before init runs (OTP's gen does the same): a taken name
     * answers the starter with {@link StartResult.AlreadyStarted} and ends this process normally.
     */
    private void takeViaName(ProcessContext self) {
        Name.Via name = via;
        if (name == null) {
            return;
        }
        Optional<Pid> owner;
        try {
            owner = name.registry().registerName(self, name.key());
        } catch (RuntimeException e) {
            via = null;
            throw failStart(self, ExitReason.exception(e));
        }
        if (owner.isPresent()) {
            via = null;
            self.send(parent, new Gen.Ack(startTag, new StartResult.AlreadyStarted(owner.get())));
            self.unlink(parent);
            throw self.exit(ExitReason.normal());
        }
    }

    /**
     * Sets the via-name this process takes before its init; called once, before the process runs.
     *
     * @param name the name
     */
    final void registerAs(Name.Via name) {
        this.via = name;
    }

    /**
     * What {@code ProcessInfo.initialCall} reports: the behaviour's callback class, as proc_lib reports the
     * callback module.
     *
     * @return a class name
     */
    public String initialCall() {
        return getClass().getName();
    }

    /** Frees every name this process holds, before its starter hears that the start failed. */
    private void releaseNames(ProcessContext self) {
        Gen.releaseOwnName(self);
        Name.Via name = via;
        if (name != null) {
            via = null;
            name.registry().unregisterName(self, name.key());
        }
    }

    /**
     * Tells the starter that init succeeded.
     *
     * @param self the behaviour's context
     */
    protected final void ackStarted(ProcessContext self) {
        self.send(parent, new Gen.Ack(startTag, new StartResult.Started(self.self())));
    }

    /**
     * Init returned ignore: the name goes, the starter hears, the link goes (so the starter is not taken
     * down), and the process ends normally.
     *
     * @param self the behaviour's context
     * @return never returns
     */
    protected final RuntimeException ignoreStart(ProcessContext self) {
        releaseNames(self);
        self.send(parent, new Gen.Ack(startTag, new StartResult.Ignored()));
        self.unlink(parent);
        throw self.exit(ExitReason.normal());
    }

    /**
     * G4: init failed or returned stop: as {@link #ignoreStart}, with the reason.
     *
     * @param self the behaviour's context
     * @param reason why
     * @return never returns
     */
    protected final RuntimeException failStart(ProcessContext self, ExitReason reason) {
        releaseNames(self);
        self.send(parent, new Gen.Ack(startTag, new StartResult.Failed(reason)));
        self.unlink(parent);
        throw self.exit(reason);
    }
}
