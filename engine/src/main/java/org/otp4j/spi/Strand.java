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
     * The executor the process asked its activations to run on, or null for the scheduler's default
     * (a fresh virtual thread per activation).
     *
     * @return the executor, or null
     */
    Executor executor();
}
