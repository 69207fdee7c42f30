package org.otp4j;

import java.util.Objects;

/**
 * The message a monitor delivers when the monitored process ends: Erlang's {@code {'DOWN', Ref,
 * process, Object, Reason}}.
 *
 * <p>{@code monitored} is what the monitor was set on: the {@link Pid}, or the registered name (a
 * {@code String}) when the monitor was set by name, as Erlang reports {@code {Name, Node}}. A match
 * such as {@code case Down(var ref, Pid pid, var reason)} picks the pid form.
 *
 * @param ref the reference returned when the monitor was set
 * @param monitored the monitored pid, or the registered name the monitor was set by
 * @param reason why the process ended; {@code noproc} when it did not exist
 */
public record Down(Ref ref, Object monitored, ExitReason reason) {
    /** Validates the fields. */
    public Down {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(monitored, "monitored");
        Objects.requireNonNull(reason, "reason");
    }
}
