package org.otp4j.await;

/**
 * What an awaited agent reported when its wait ended: its status, result and error, read from its state
 * through the wait's {@link AwaitOptions}. A failed agent is a completion too (J1): {@link #failed()}
 * tells it apart.
 *
 * @param status the status value as found in the state (usually {@code "completed"} or {@code "failed"};
 *     with a custom predicate, whatever the status was when the predicate held); may be null
 * @param result the result, or null if the state has none
 * @param error the error, or null if the state has none
 */
public record Completion(Object status, Object result, Object error) {

    /** {@return whether the status is {@code completed} (see {@link Agent#isTerminal})} */
    public boolean completed() {
        return Agent.COMPLETED.equals(Agent.statusName(status));
    }

    /** {@return whether the status is {@code failed}} */
    public boolean failed() {
        return Agent.FAILED.equals(Agent.statusName(status));
    }
}
