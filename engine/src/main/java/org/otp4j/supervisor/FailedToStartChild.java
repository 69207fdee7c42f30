package org.otp4j.supervisor;

import java.util.Objects;
import org.otp4j.ExitReason;

/**
 * The term of the {@code shutdown(term)} reason a supervisor fails its start with when a child could not
 * be started (SV1): OTP's {@code {shutdown, {failed_to_start_child, Id, Reason}}}.
 *
 * @param id the child's id
 * @param reason why its start failed
 */
public record FailedToStartChild(Object id, ExitReason reason) {
    /** Checks the components. */
    public FailedToStartChild {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "{failed_to_start_child, " + id + ", " + reason + "}";
    }
}
