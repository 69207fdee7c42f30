package org.otp4j;

import java.util.Objects;

/**
 * The message a process that traps exits receives in place of an exit signal: Erlang's
 * {@code {'EXIT', From, Reason}}.
 *
 * @param from the process the signal came from (a linked process that died, or the sender of {@link
 *     ProcessContext#exit(Pid, ExitReason)})
 * @param reason the reason carried by the signal; {@code kill} arriving through a link stays {@code
 *     kill}
 */
public record Exit(Pid from, ExitReason reason) {
    /** Validates the fields. */
    public Exit {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
    }
}
