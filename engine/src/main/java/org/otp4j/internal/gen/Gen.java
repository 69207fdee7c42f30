package org.otp4j.internal.gen;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Alias;
import org.otp4j.AlreadyRegisteredException;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.MessageHandler;
import org.otp4j.Name;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallException;
import org.otp4j.server.CallTimeoutException;
import org.otp4j.server.From;
import org.otp4j.server.StartResult;

/**
 * The generic machinery every behaviour shares, as OTP's {@code gen} and {@code proc_lib}: the call
 * (monitor the server, send the request tagged with an alias, wait for the tagged reply or the DOWN, and
 * drop a late reply by deactivating the alias) and the start handshake (start blocks until the new
 * process's init has answered).
 */
public final class Gen {
    private Gen() {}

    /**
     * A call on its way to a server.
     *
     * @param from where the reply goes
     * @param request the request
     */
    public record CallMessage(From from, Object request) {}

    /**
     * A cast on its way to a behaviour.
     *
     * @param request the request
     */
    public record CastMessage(Object request) {}

    /**
     * A request to stop a behaviour (its terminate runs with the reason), sent as a call.
     *
     * @param reason the exit reason
     */
    public record StopRequest(ExitReason reason) {}

    /**
     * The reply to a call, sent to the caller's alias.
     *
     * @param tag the alias's reference
     * @param value the reply
     */
    public record ReplyMessage(Ref tag, Object value) {}

    /**
     * A new behaviour process's answer to its starter.
     *
     * @param tag the start's reference
     * @param outcome {@link StartResult.Started}, {@link StartResult.Ignored} or {@link StartResult.Failed}
     */
    public record Ack(Ref tag, StartResult outcome) {}

    /**
     * Calls {@code server} and waits for the reply.
     *
     * @param self the caller
     * @param server the server
     * @param request the request
     * @param timeout how long to wait
     * @return the reply
     * @throws CallException noproc, the server's exit reason, or calling_self
     * @throws CallTimeoutException if the reply did not come in time (a late reply is dropped)
     */
    public static Object call(ProcessContext self, Pid server, Object request, Duration timeout) {
        return call(self, server, request, timeout, true);
    }

    /**
     * As {@link #call(ProcessContext, Pid, Object, Duration)}; without {@code mayRunServer} the request
     * is sent plainly, never run on the caller's thread (for requests whose handling is not bounded by
     * one message, such as sys's resume, which handles every message held while suspended).
     *
     * @param self the caller
     * @param server the server
     * @param request the request
     * @param timeout how long to wait
     * @param mayRunServer whether a server that lets its callers run it may run on the caller's thread
     * @return the reply
     */
    public static Object call(ProcessContext self, Pid server, Object request, Duration timeout, boolean mayRunServer) {
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (server.equals(self.self())) {
            throw new CallException("process " + server + " called itself", ExitReason.of("calling_self"));
        }
        org.otp4j.internal.Kernel.Access kernel = org.otp4j.internal.Kernel.access();
        boolean late = mayRunServer && kernel.callerRuns(self, server);
        Ref monitor = late ? null : self.monitor(server);
        Alias alias = self.alias();
        CallMessage call = new CallMessage(new From(alias), request);
        Matcher<Object> reply = m -> m instanceof ReplyMessage r && r.tag().equals(alias.ref()) ? m : null;
        if (late) {
            // A server its callers may run: send first, and monitor only if the reply is not there once
            // the server has run on this thread (a call that finds the server idle, nearly always, then
            // costs no monitor). A server that ended after the send answers the late monitor with noproc;
            // its real reason, kept from the start of its termination, is reported instead (below).
            org.otp4j.internal.Kernel.Sent sent = kernel.sendRequest(self, server, call);
            if (sent == org.otp4j.internal.Kernel.Sent.NOPROC) {
                self.unalias(alias);
                throw new CallException("no server " + server + " (noproc)", ExitReason.noproc());
            }
            if (sent == org.otp4j.internal.Kernel.Sent.RAN) {
                Optional<Object> answered = self.receive(reply, Duration.ZERO);
                if (answered.isPresent()) {
                    self.unalias(alias);
                    return ((ReplyMessage) answered.get()).value();
                }
            }
            monitor = self.monitor(server);
        } else {
            self.send(server, call);
        }
        Ref watched = monitor;
        Matcher<Object> answers =
                m -> reply.match(m) != null || (m instanceof Down d && d.ref().equals(watched)) ? m : null;
        Optional<Object> answer =
                isInfinite(timeout) ? Optional.of(self.receive(answers)) : self.receive(answers, timeout);
        self.unalias(alias); // from here on a late reply is dropped (G1)
        if (answer.isEmpty()) {
            self.demonitor(monitor, true);
            throw new CallTimeoutException("call to " + server + " timed out after " + timeout + ": " + request);
        }
        if (answer.get() instanceof ReplyMessage r) {
            self.demonitor(monitor, true);
            return r.value();
        }
        ExitReason reason = ((Down) answer.get()).reason();
        if (late && reason.equals(ExitReason.noproc())) {
            ExitReason real = kernel.exitReason(server); // it was alive when the request was sent
            if (real != null) {
                reason = real;
            }
        }
        throw new CallException(
                reason.equals(ExitReason.noproc())
                        ? "no server " + server + " (noproc)"
                        : "server " + server + " ended during the call: " + reason,
                reason);
    }

    /**
     * Resolves a registered name for a call.
     *
     * @param self the caller
     * @param name the name
     * @return the holder
     * @throws CallException noproc if no process holds the name
     */
    public static Pid resolve(ProcessContext self, String name) {
        Objects.requireNonNull(name, "server name must not be null");
        return self.whereis(name)
                .orElseThrow(() ->
                        new CallException("no server registered as '" + name + "' (noproc)", ExitReason.noproc()));
    }

    /**
     * Resolves a name of either kind for a call.
     *
     * @param self the caller
     * @param name a local name or a via-name
     * @return the holder
     * @throws CallException noproc if nobody holds the name
     */
    public static Pid resolve(ProcessContext self, Name name) {
        Objects.requireNonNull(name, "server name must not be null");
        if (name instanceof Name.Local local) {
            return resolve(self, local.name());
        }
        return name.whereis(self.node())
                .orElseThrow(
                        () -> new CallException("no server registered as " + name + " (noproc)", ExitReason.noproc()));
    }

    /**
     * Whether a timeout means "never": {@code GenServer.INFINITY}, or anything too long for nanoseconds.
     *
     * @param timeout the timeout
     * @return true if no deadline applies
     */
    public static boolean isInfinite(Duration timeout) {
        try {
            return timeout.toNanos() >= Long.MAX_VALUE / 4;
        } catch (ArithmeticException e) {
            return true;
        }
    }

    /**
     * Stops a behaviour process: it runs terminate with {@code reason} and exits; returns once it has.
     *
     * @param self the caller
     * @param server the process
     * @param reason the exit reason
     * @param timeout the bound for the whole operation
     * @throws CallException noproc, calling_self, or the other reason the process ended with
     * @throws CallTimeoutException if it had not ended in time
     */
    public static void stop(ProcessContext self, Pid server, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (server.equals(self.self())) {
            throw new CallException("process " + server + " tried to stop itself", ExitReason.of("calling_self"));
        }
        boolean infinite = isInfinite(timeout);
        long deadline = infinite ? Long.MAX_VALUE : self.monotonicTime() + timeout.toNanos();
        Ref monitor = self.monitor(server);
        try {
            call(self, server, new StopRequest(reason), timeout);
        } catch (CallTimeoutException e) {
            self.demonitor(monitor, true);
            throw e;
        } catch (CallException e) {
            if (e.reason().equals(ExitReason.noproc()) || e.reason().equals(ExitReason.of("calling_self"))) {
                self.demonitor(monitor, true);
                throw e;
            }
            // it ended during the call: its DOWN tells with which reason
        }
        Matcher<Down> down = m -> m instanceof Down d && d.ref().equals(monitor) ? d : null;
        Optional<Down> d = infinite ? Optional.of(self.receive(down)) : self.receiveUntil(down, deadline);
        if (d.isEmpty()) {
            self.demonitor(monitor, true);
            throw new CallTimeoutException("stopping " + server + " did not finish within " + timeout);
        }
        if (!d.get().reason().equals(reason)) {
            throw new CallException(
                    "server " + server + " ended with " + d.get().reason() + ", not " + reason,
                    d.get().reason());
        }
    }

    /**
     * Releases the calling process's registered name, if any: a start that fails or is ignored frees the
     * name before the starter hears of it, so that an immediate restart can take it (as OTP's gen does).
     *
     * @param self the process
     */
    public static void releaseOwnName(ProcessContext self) {
        self.node().info(self.self()).flatMap(i -> i.registeredName()).ifPresent(self::unregister);
    }

    /** Makes the process of a behaviour, given the starter's pid and the start's tag. */
    @FunctionalInterface
    public interface Starter {
        /**
         * Creates the handler.
         *
         * @param parent the starter
         * @param tag the start's reference, for the {@link Ack}
         * @return the behaviour's process
         */
        MessageHandler create(Pid parent, Ref tag);
    }

    /**
     * Starts a behaviour process and waits until its init has answered with an {@link Ack}.
     *
     * @param self the starter
     * @param starter makes the process
     * @param options spawn options (a name makes a taken name give AlreadyStarted)
     * @param link whether to link the new process to the starter
     * @return the outcome
     */
    public static StartResult start(ProcessContext self, Starter starter, SpawnOptions options, boolean link) {
        Objects.requireNonNull(options, "options must not be null");
        Ref tag = self.makeRef();
        Ref monitor;
        try {
            MessageHandler handler = starter.create(self.self(), tag);
            SpawnOptions spawnOptions = options;
            if (options.name() instanceof Name.Via via) { // taken by the process itself, before its init
                if (!(handler instanceof BehaviourProcess behaviour)) {
                    throw new IllegalArgumentException("only a behaviour can start under a via-name: " + via);
                }
                behaviour.registerAs(via);
                spawnOptions = options.withoutName();
            }
            monitor = self.spawnMonitor(handler, spawnOptions, link).monitor(); // monitored before it runs
        } catch (AlreadyRegisteredException e) {
            return new StartResult.AlreadyStarted(e.owner());
        }
        Object answer = self.receive(m -> (m instanceof Ack a && a.tag().equals(tag))
                        || (m instanceof Down d && d.ref().equals(monitor))
                ? m
                : null);
        self.demonitor(monitor, true);
        if (answer instanceof Ack a) {
            return a.outcome();
        }
        return new StartResult.Failed(((Down) answer).reason());
    }
}
