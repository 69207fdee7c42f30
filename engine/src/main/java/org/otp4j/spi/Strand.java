package org.otp4j.spi;

import java.util.concurrent.Executor;
import org.otp4j.Pid;

/**
 * A process as a {@link Scheduler} sees it: something that runs activations, parks and is woken.
 *
 * <p>Implemented by the engine; schedulers only read it.
 */
public interface Strand {
    /** {@return the process's pid} */
    Pid pid();

    /** {@return the thread running the strand's current activation, or null while it has none} */
    Thread thread();

    /**
     * Whether a signal has arrived that the strand has not handled yet: what a parked strand waits for.
     * A scheduler may poll it briefly before it parks (and must not rely on it for correctness: the
     * engine always unparks a strand it has given a signal to).
     *
     * @return true if the inbox is not empty
     */
    boolean hasPendingSignals();

    /**
     * Whether the strand is a handler process, whose activations each handle a batch of messages and end
     * when its mailbox is empty, rather than a direct-style body that runs for the process's whole life.
     * A scheduler may run a handler's activations one after another on a thread it reuses.
     *
     * @return true for a handler process
     */
    boolean isHandler();

    /**
     * The executor the process asked its activations to run on, or null for the scheduler's default
     * (virtual threads).
     *
     * @return the executor, or null
     */
    Executor executor();
}
