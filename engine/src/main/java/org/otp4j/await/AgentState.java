package org.otp4j.await;

/**
 * A typed agent state that the default {@link AwaitOptions} can read without paths: its status, result
 * and error. A record implementing this interface is the simplest typed state.
 *
 * {@snippet :
 * record Job(String status, Object result, Object error) implements AgentState {}
 * }
 */
public interface AgentState {
    /** {@return the status: {@code "completed"} and {@code "failed"} (or enums of those names) are terminal} */
    Object status();

    /** {@return the result, or null while there is none} */
    Object result();

    /** {@return the error, or null while there is none} */
    Object error();
}
