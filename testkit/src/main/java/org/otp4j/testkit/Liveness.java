package org.otp4j.testkit;

import java.util.Objects;

/**
 * A liveness property in the style of Coyote's hot and cold monitors: code under test marks it hot when
 * something must eventually happen and cold when it has happened. A property still hot when the
 * schedule ends (every process idle, or the step bound reached) fails the schedule.
 *
 * {@snippet :
 * Liveness reply = node.liveness("every request is answered");
 * // in the client:  reply.hot("request " + id + " sent");   ... on the answer: reply.cold();
 * }
 *
 * <p>Thread-safety: only processes of the schedule and the host touch it, one at a time.
 */
public final class Liveness {
    private final String name;
    private String hotBecause; // null while cold

    Liveness(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** {@return the property's name} */
    public String name() {
        return name;
    }

    /**
     * Something must now eventually happen.
     *
     * @param because what is pending, for the failure report
     */
    public void hot(String because) {
        hotBecause = Objects.requireNonNull(because, "because");
    }

    /** What was pending has happened. */
    public void cold() {
        hotBecause = null;
    }

    /** {@return whether the property is hot} */
    public boolean isHot() {
        return hotBecause != null;
    }

    String hotBecause() {
        return hotBecause;
    }
}
