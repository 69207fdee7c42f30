package org.otp4j.internal;

import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.spi.SchedulingPoint;

/**
 * The kernel's hooks for the engine's own packages that live outside {@code org.otp4j} (the registry):
 * scheduling points and exit hooks that run before a dying process signals anyone. Not an API.
 */
public final class Kernel {
    private static volatile Access access;

    private Kernel() {}

    /** Runs in a terminating process after its name is released and before its EXIT and DOWN signals. */
    @FunctionalInterface
    public interface ExitHook {
        /**
         * The process is exiting.
         *
         * @param pid the process
         * @param reason its exit reason
         * @param outbox sends messages from the exiting process (ordered before its exit signals)
         */
        void exiting(Pid pid, ExitReason reason, Outbox outbox);
    }

    /** Sends from an exiting process. */
    @FunctionalInterface
    public interface Outbox {
        /**
         * Sends {@code message} to {@code to}, from the exiting process.
         *
         * @param to the receiver
         * @param message the message
         */
        void send(Pid to, Object message);
    }

    /** How {@link Access#sendRequest} went. */
    public enum Sent {
        /** The request is in the server's mailbox. */
        SENT,
        /**
         * The request is in the server's mailbox, and the server's activation was handed to the
         * scheduler's {@code handOff}, which ran it on this thread (the production scheduler does, for a
         * caller on its own threads) or activated it as usual.
         */
        RAN,
        /** The server had ended, or begun to: nothing was sent. */
        NOPROC
    }

    /** What the kernel offers; implemented in {@code org.otp4j}. */
    public interface Access {
        /**
         * In the process {@code self}: checks that the caller is that process, passes a scheduling point,
         * and acts on a pending exit, as every kernel operation does.
         *
         * @param self the calling process
         * @param point the kind of operation
         */
        void enter(ProcessContext self, SchedulingPoint point);

        /**
         * Adds an exit hook to the calling process.
         *
         * @param self the calling process
         * @param hook the hook
         * @return false if the process is already exiting (the hook is not added)
         */
        boolean addExitHook(ProcessContext self, ExitHook hook);

        /**
         * Removes an exit hook of the calling process.
         *
         * @param self the calling process
         * @param hook the hook
         */
        void removeExitHook(ProcessContext self, ExitHook hook);

        /**
         * The class of a live process's body or handler (for a behaviour, its loop, such as {@code
         * MachineProcess}); {@code ProcessInfo.initialCall} names the user's callbacks instead.
         *
         * @param pid the process
         * @return the class, or null if the process has ended (or is a host pid)
         */
        Class<?> processClass(Pid pid);

        /**
         * A behaviour's callback failed with {@code failure}: if an interrupt caused it (a kill breaks a
         * process out of blocking the engine does not own), handles the signals that arrived before, so
         * that a kill among them ends the process with {@code killed} (E3) instead of the behaviour
         * reporting the interrupt as its crash.
         *
         * @param self the calling process
         * @param failure what the callback threw
         * @throws org.otp4j.ExitException if a signal ends the process
         */
        void actOnInterrupt(ProcessContext self, Throwable failure);

        /**
         * Whether a call from {@code self} to {@code server} goes the caller-runs way: the server lets its
         * callers run it ({@code SpawnOptions.callerRuns}) and signals are delivered at send, so the caller
         * sends with {@link #sendRequest} first and monitors the server only if it has to wait.
         *
         * @param self the calling process
         * @param server the server
         * @return true for the caller-runs way
         */
        boolean callerRuns(ProcessContext self, Pid server);

        /**
         * Sends a call's request from {@code self}, which will do nothing but wait for the answer, to a
         * server for which {@link #callerRuns} said yes: the scheduler may run the server's activation on
         * the caller's thread ({@code Scheduler.handOff}).
         *
         * @param self the calling process
         * @param to the server
         * @param request the request message
         * @return how it went
         */
        Sent sendRequest(ProcessContext self, Pid to, Object request);

        /**
         * The reason a process ended with, known from the moment it begins to send its exit and down
         * signals.
         *
         * @param pid the process
         * @return the reason, or null while it lives (and for a host pid, or a process that does not let
         *     its callers run it: nothing else needs it, and it would keep the reason reachable)
         */
        ExitReason exitReason(Pid pid);

        /**
         * Whether the calling process holds a link to {@code other}, as {@code ProcessInfo.links} would
         * say, without copying its whole link table.
         *
         * @param self the calling process
         * @param other the other process
         * @return true if linked
         */
        boolean isLinked(ProcessContext self, Pid other);
    }

    /**
     * Installs the kernel's implementation; called once by {@code org.otp4j}.
     *
     * @param implementation the implementation
     */
    public static void install(Access implementation) {
        access = implementation;
    }

    /** {@return the kernel's hooks} */
    public static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName("org.otp4j.ProcessCell", true, Kernel.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the otp4j kernel is missing", e);
            }
            a = access;
        }
        return a;
    }
}
