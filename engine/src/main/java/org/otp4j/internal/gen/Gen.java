package org.otp4j.internal.gen;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Alias;
import org.otp4j.AlreadyRegisteredException;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.MessageHandler;
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
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (server.equals(self.self())) {
            throw new CallException("process " + server + " called itself", ExitReason.of("calling_self"));
        }
        Ref monitor = self.monitor(server);
        Alias alias = self.alias();
        self.send(server, new CallMessage(new From(alias), request));
        Optional<Object> answer = self.receive(
                m -> (m instanceof ReplyMessage r && r.tag().equals(alias.ref()))
                                || (m instanceof Down d && d.ref().equals(monitor))
                        ? m
                        : null,
                timeout);
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
        Pid pid;
        try {
            MessageHandler handler = starter.create(self.self(), tag);
            pid = link ? self.spawnLink(handler, options) : self.spawn(handler, options);
        } catch (AlreadyRegisteredException e) {
            return new StartResult.AlreadyStarted(e.owner());
        }
        Ref monitor = self.monitor(pid);
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
