package org.otp4j.server;

import org.otp4j.ExitReason;
import org.otp4j.Pid;

/**
 * What starting a server gives: OTP's {@code {ok, Pid}}, {@code ignore}, {@code {error, Reason}} and
 * {@code {error, {already_started, Pid}}}. Start blocks until the server's {@code init} has returned.
 */
public sealed interface StartResult {
    /**
     * The server's pid, for the common case.
     *
     * @return the pid
     * @throws IllegalStateException naming the outcome if the server did not start
     */
    default Pid pid() {
        if (this instanceof Started s) {
            return s.server();
        }
        throw new IllegalStateException("the server did not start: " + this);
    }

    /**
     * Started.
     *
     * @param server its pid
     */
    record Started(Pid server) implements StartResult {}

    /** {@code init} returned ignore: no process. */
    record Ignored() implements StartResult {}

    /**
     * {@code init} failed or returned stop.
     *
     * @param reason why
     */
    record Failed(ExitReason reason) implements StartResult {}

    /**
     * The name is taken.
     *
     * @param owner the process holding it
     */
    record AlreadyStarted(Pid owner) implements StartResult {}
}
