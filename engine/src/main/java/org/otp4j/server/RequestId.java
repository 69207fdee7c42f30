package org.otp4j.server;

import java.util.Objects;
import org.otp4j.Alias;
import org.otp4j.Pid;
import org.otp4j.Ref;

/**
 * A pending asynchronous request, from {@link GenServer#sendRequest}: OTP's request id.
 *
 * @param server the server asked
 * @param monitor the monitor on the server, which reports its death
 * @param alias where the reply comes
 */
public record RequestId(Pid server, Ref monitor, Alias alias) {
    /** Validates the fields. */
    public RequestId {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(alias, "alias");
    }
}
