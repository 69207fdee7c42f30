package org.otp4j;

import java.util.Objects;

/**
 * An address for one conversation with a process (Erlang's process alias): a message sent to an alias
 * reaches the process only while the process keeps the alias active. Once it calls {@link
 * ProcessContext#unalias(Alias)}, later messages to the alias are dropped, even those already on their
 * way; this is how a call that timed out keeps a late reply out of the caller's mailbox.
 *
 * @param pid the process the alias belongs to
 * @param ref identifies the alias
 */
public record Alias(Pid pid, Ref ref) {
    /** Validates the fields. */
    public Alias {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ref, "ref");
    }
}
