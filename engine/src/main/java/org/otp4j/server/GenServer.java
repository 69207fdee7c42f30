package org.otp4j.server;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.internal.gen.Gen;

/**
 * A generic server: OTP's {@code gen_server}. Implement the callbacks; start it with {@link #start} or
 * {@link #startLink}; talk to it with {@link #call}, {@link #cast} and plain messages. See the package
 * documentation for a worked example and the table of client functions and callbacks.
 *
 * <p><b>Threading.</b> A server is one process: its callbacks run one at a time, on the server's own
 * thread, so the state needs no synchronisation. Between messages it holds no thread. Every callback gets
 * the server's {@link ProcessContext}, for sending, spawning, timers and so on.
 *
 * <p><b>Failure.</b> An exception escaping a callback ends the server with that exception as its reason,
 * after {@link #terminate}; so does a {@code stop} result. Reasons other than {@code normal}, {@code
 * shutdown} and {@code shutdown(term)} are logged as crash reports (logger {@code org.otp4j.server}).
 * {@link #terminate} also runs when the server traps exits and its parent (the process that started it)
 * sends it an exit signal; a server that does not trap exits is ended by the signal directly, as in OTP.
 * The node's host counts as a parent too ({@code Node.exit} from a host thread, and {@code Node.close},
 * which sends every process {@code shutdown}): a server started from the host was started by a process
 * that no longer exists, and closing a node must take a supervision tree down rather than leave its
 * supervisors restarting children into the closed node.
 *
 * @param <S> the type of the server's state (keep it private to the server)
 */
public interface GenServer<S> {

    /** The message {@link #handleInfo} gets when an idle timeout ({@link Next#timeout}) fires. */
    Object TIMEOUT = IdleTimeout.TIMEOUT;

    /** The default call timeout: 5 seconds, as in OTP. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** A timeout that never passes. */
    Duration INFINITY = ChronoUnit.FOREVER.getDuration();

    /** The idle-timeout message. */
    enum IdleTimeout {
        /** The only instance; prints as {@code timeout}. */
        TIMEOUT;

        @Override
        public String toString() {
            return "timeout";
        }
    }

    // ---- callbacks ------------------------------------------------------------------------------

    /**
     * Initialises the server; its starter waits until this returns.
     *
     * @param self the server's context
     * @return ok (with the state), ignore, or stop
     * @throws Exception fails the start with the exception as the reason
     */
    InitResult<S> init(ProcessContext self) throws Exception;

    /**
     * Handles a {@link #call}. The default fails with {@code bad_call}.
     *
     * @param self the server's context
     * @param request the request
     * @param from where the reply goes, for a later {@link #reply}
     * @param state the current state
     * @return reply, no reply, or stop
     * @throws Exception crashes the server
     */
    default CallResult<S> handleCall(ProcessContext self, Object request, From from, S state) throws Exception {
        throw new IllegalStateException("bad_call: " + getClass().getName() + " does not handle call " + request);
    }

    /**
     * Handles a {@link #cast}. The default fails with {@code bad_cast}.
     *
     * @param self the server's context
     * @param request the request
     * @param state the current state
     * @return no reply, or stop
     * @throws Exception crashes the server
     */
    default Result<S> handleCast(ProcessContext self, Object request, S state) throws Exception {
        throw new IllegalStateException("bad_cast: " + getClass().getName() + " does not handle cast " + request);
    }

    /**
     * Handles any other message, and {@link #TIMEOUT}. The default logs it and carries on.
     *
     * @param self the server's context
     * @param message the message
     * @param state the current state
     * @return no reply, or stop
     * @throws Exception crashes the server
     */
    default Result<S> handleInfo(ProcessContext self, Object message, S state) throws Exception {
        org.otp4j.internal.gen.ServerProcess.LOG.log(
                System.Logger.Level.WARNING, "server " + self.self() + " got an unexpected message: " + message);
        return Result.noReply(state);
    }

    /**
     * Continues after a callback returned {@link Next#continueWith}; runs before any queued message. The
     * default fails.
     *
     * @param self the server's context
     * @param argument the continue argument
     * @param state the current state
     * @return no reply, or stop
     * @throws Exception crashes the server
     */
    default Result<S> handleContinue(ProcessContext self, Object argument, S state) throws Exception {
        throw new IllegalStateException(getClass().getName() + " returned continue but has no handleContinue");
    }

    /**
     * Cleans up as the server stops. Exceptions are logged and ignored.
     *
     * @param self the server's context
     * @param reason why it stops
     * @param state the last state
     * @throws Exception logged
     */
    default void terminate(ProcessContext self, ExitReason reason, S state) throws Exception {}

    // ---- starting -------------------------------------------------------------------------------

    /**
     * Starts a server, not linked; blocks until {@link #init} returns.
     *
     * @param self the starter
     * @param server the callbacks
     * @return started, ignored, failed, or already started (when the name is taken)
     */
    static StartResult start(ProcessContext self, GenServer<?> server) {
        return start(self, server, SpawnOptions.defaults());
    }

    /**
     * Starts a server with options (a name registers it before init runs).
     *
     * @param self the starter
     * @param server the callbacks
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    static StartResult start(ProcessContext self, GenServer<?> server, SpawnOptions options) {
        Objects.requireNonNull(server, "server must not be null");
        return Gen.start(
                self, (parent, tag) -> new org.otp4j.internal.gen.ServerProcess<>(server, parent, tag), options, false);
    }

    /**
     * Starts a server linked to the caller (the caller becomes its parent).
     *
     * @param self the starter
     * @param server the callbacks
     * @return the outcome; on failure the link is gone and the caller is not taken down
     */
    static StartResult startLink(ProcessContext self, GenServer<?> server) {
        return startLink(self, server, SpawnOptions.defaults());
    }

    /**
     * Starts a linked server with options.
     *
     * @param self the starter
     * @param server the callbacks
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    static StartResult startLink(ProcessContext self, GenServer<?> server, SpawnOptions options) {
        Objects.requireNonNull(server, "server must not be null");
        return Gen.start(
                self, (parent, tag) -> new org.otp4j.internal.gen.ServerProcess<>(server, parent, tag), options, true);
    }

    /**
     * Starts a server from a host thread (not linked).
     *
     * @param node the node
     * @param server the callbacks
     * @param options name, mailbox limit, executor
     * @return the outcome
     */
    static StartResult start(Node node, GenServer<?> server, SpawnOptions options) {
        return node.run(self -> start(self, server, options));
    }

    // ---- client functions -----------------------------------------------------------------------

    /**
     * Calls a server and waits up to {@link #DEFAULT_TIMEOUT} for the reply.
     *
     * <p>The server is monitored for the duration of the call and the request is tagged with an alias, as
     * OTP's {@code gen_server:call} does. A server started with {@link
     * org.otp4j.SpawnOptions#callerRuns(boolean)} and found idle handles the request on the caller's
     * thread (see there for what that trades).
     *
     * @param self the caller
     * @param server the server
     * @param request the request
     * @return the reply
     * @throws CallException if the server does not exist or ends during the call, or it is the caller
     * @throws CallTimeoutException if no reply came in time; a late reply is dropped
     */
    static Object call(ProcessContext self, Pid server, Object request) {
        return Gen.call(self, server, request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls a server with a timeout ({@link #INFINITY} for none).
     *
     * @param self the caller
     * @param server the server
     * @param request the request
     * @param timeout how long to wait
     * @return the reply
     */
    static Object call(ProcessContext self, Pid server, Object request, Duration timeout) {
        return Gen.call(self, server, request, timeout);
    }

    /**
     * Calls a server by its registered name.
     *
     * @param self the caller
     * @param name the server's name
     * @param request the request
     * @return the reply
     * @throws CallException noproc if the name is not registered
     */
    static Object call(ProcessContext self, String name, Object request) {
        return Gen.call(self, Gen.resolve(self, name), request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls a server by name with a timeout.
     *
     * @param self the caller
     * @param name the server's name
     * @param request the request
     * @param timeout how long to wait
     * @return the reply
     */
    static Object call(ProcessContext self, String name, Object request, Duration timeout) {
        return Gen.call(self, Gen.resolve(self, name), request, timeout);
    }

    /**
     * Calls a server by a name of either kind: a local name or a via-name (R2).
     *
     * @param self the caller
     * @param name the server's name
     * @param request the request
     * @return the reply
     * @throws CallException noproc if nobody holds the name
     */
    static Object call(ProcessContext self, Name name, Object request) {
        return Gen.call(self, Gen.resolve(self, name), request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls a server by a name of either kind, with a timeout.
     *
     * @param self the caller
     * @param name the server's name
     * @param request the request
     * @param timeout how long to wait
     * @return the reply
     */
    static Object call(ProcessContext self, Name name, Object request, Duration timeout) {
        return Gen.call(self, Gen.resolve(self, name), request, timeout);
    }

    /**
     * Calls a server from a host thread.
     *
     * @param node the node
     * @param server the server
     * @param request the request
     * @return the reply
     */
    static Object call(Node node, Pid server, Object request) {
        return node.run(self -> call(self, server, request));
    }

    /**
     * Sends a request that expects no reply; a no-op if the server does not exist.
     *
     * @param self the sender
     * @param server the server
     * @param request the request
     */
    static void cast(ProcessContext self, Pid server, Object request) {
        self.send(server, new Gen.CastMessage(Objects.requireNonNull(request, "request must not be null")));
    }

    /**
     * Casts to a registered name; a no-op if the name is not registered (as OTP's cast to a name).
     *
     * @param self the sender
     * @param name the server's name
     * @param request the request
     */
    static void cast(ProcessContext self, String name, Object request) {
        Objects.requireNonNull(request, "request must not be null");
        self.whereis(name).ifPresent(pid -> cast(self, pid, request));
    }

    /**
     * Casts to a name of either kind; a no-op if nobody holds it.
     *
     * @param self the sender
     * @param name the server's name
     * @param request the request
     */
    static void cast(ProcessContext self, Name name, Object request) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(name, "name must not be null")
                .whereis(self.node())
                .ifPresent(pid -> cast(self, pid, request));
    }

    /**
     * Casts from a host thread.
     *
     * @param node the node
     * @param server the server
     * @param request the request
     */
    static void cast(Node node, Pid server, Object request) {
        node.send(server, new Gen.CastMessage(Objects.requireNonNull(request, "request must not be null")));
    }

    /**
     * Replies to a call whose callback returned no reply; from any process.
     *
     * @param self the replying process
     * @param from the caller, as handed to {@link #handleCall}
     * @param value the reply
     */
    static void reply(ProcessContext self, From from, Object value) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(value, "a reply must not be null");
        from.markReplied();
        self.send(from.alias(), new Gen.ReplyMessage(from.alias().ref(), value));
    }

    /**
     * Replies from a host thread.
     *
     * @param node the node
     * @param from the caller
     * @param value the reply
     */
    static void reply(Node node, From from, Object value) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(value, "a reply must not be null");
        from.markReplied();
        node.send(from.alias(), new Gen.ReplyMessage(from.alias().ref(), value));
    }

    /**
     * Stops a server with reason {@code normal} and waits until it has terminated.
     *
     * @param self the caller
     * @param server the server
     */
    static void stop(ProcessContext self, Pid server) {
        stop(self, server, ExitReason.normal(), INFINITY);
    }

    /**
     * Stops a server: it runs {@link #terminate} with {@code reason} and exits; returns once it has.
     *
     * @param self the caller
     * @param server the server
     * @param reason the exit reason
     * @param timeout the bound for the whole stop
     * @throws CallException noproc, calling_self, or the other reason the server ended with
     * @throws CallTimeoutException if the server had not ended within the timeout
     */
    static void stop(ProcessContext self, Pid server, ExitReason reason, Duration timeout) {
        Gen.stop(self, server, reason, timeout);
    }

    // ---- asynchronous requests (OTP 25's send_request family) -------------------------------------

    /**
     * Sends a call without waiting; collect the answer with {@link #waitResponse}, {@link
     * #receiveResponse} or {@link #checkResponse}.
     *
     * @param self the caller
     * @param server the server
     * @param request the request
     * @return the request's id
     */
    static RequestId sendRequest(ProcessContext self, Pid server, Object request) {
        return Requests.send(self, server, request);
    }

    /**
     * Waits for the answer to a request; on timeout the request stays pending.
     *
     * @param self the caller
     * @param id the request
     * @param timeout how long to wait
     * @return the reply, the server's failure, or a timeout
     */
    static Response waitResponse(ProcessContext self, RequestId id, Duration timeout) {
        return Requests.await(self, id, timeout, false);
    }

    /**
     * Waits for the answer to a request; on timeout the request is abandoned (a late reply is dropped).
     *
     * @param self the caller
     * @param id the request
     * @param timeout how long to wait
     * @return the reply, the server's failure, or a timeout
     */
    static Response receiveResponse(ProcessContext self, RequestId id, Duration timeout) {
        return Requests.await(self, id, timeout, true);
    }

    /**
     * Checks whether a message the caller received answers a request.
     *
     * @param self the caller
     * @param message a received message
     * @param id the request
     * @return the response, or {@link Response.NoMatch} if the message is not about this request
     */
    static Response checkResponse(ProcessContext self, Object message, RequestId id) {
        return Requests.check(self, message, id);
    }
}
