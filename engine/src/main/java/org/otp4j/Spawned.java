package org.otp4j;

import java.util.Objects;

/**
 * The result of {@link ProcessContext#spawnMonitor}: the new process and the monitor set on it.
 *
 * @param pid the new process
 * @param monitor the monitor's reference; its {@link Down} carries this reference
 */
public record Spawned(Pid pid, Ref monitor) {
    /** Validates the fields. */
    public Spawned {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(monitor, "monitor");
    }
}
