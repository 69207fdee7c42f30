package org.otp4j.server;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.otp4j.Alias;

/**
 * Where the reply to one call goes: handed to {@link GenServer#handleCall}, and usable later, from any
 * process, with {@link GenServer#reply}. It wraps an {@link Alias} of the caller, so a reply after the
 * caller gave up (timed out) never reaches its mailbox. A call gets one reply: replying twice throws.
 */
public final class From {
    private final Alias alias;
    private final AtomicBoolean replied = new AtomicBoolean(); // a From is one call: one reply

    /**
     * Creates the reply address of one call.
     *
     * @param alias the caller's alias for this call
     */
    public From(Alias alias) {
        this.alias = Objects.requireNonNull(alias, "alias");
    }

    /** {@return the caller's alias for this call} */
    public Alias alias() {
        return alias;
    }

    /** Marks the call as answered; throws if it already was. */
    void markReplied() {
        if (!replied.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "already replied to the call from " + alias.pid() + ": a call gets exactly one reply");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof From f && f.alias.equals(alias);
    }

    @Override
    public int hashCode() {
        return alias.hashCode();
    }

    @Override
    public String toString() {
        return "From[" + alias.pid() + "]";
    }
}
