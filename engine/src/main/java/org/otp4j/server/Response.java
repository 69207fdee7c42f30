package org.otp4j.server;

import org.otp4j.ExitReason;
import org.otp4j.Pid;

/** The answer to an asynchronous request (see {@link GenServer#waitResponse}). */
public sealed interface Response {
    /**
     * The server replied.
     *
     * @param value the reply
     */
    record Reply(Object value) implements Response {}

    /**
     * The server ended (or did not exist) before replying.
     *
     * @param server the server
     * @param reason its exit reason, or noproc
     */
    record Failed(Pid server, ExitReason reason) implements Response {}

    /** No answer within the timeout. */
    record Timeout() implements Response {}

    /** {@link GenServer#checkResponse}: the message is not about this request. */
    record NoMatch() implements Response {}
}
