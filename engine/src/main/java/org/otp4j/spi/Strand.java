package org.otp4j.spi;

import java.util.concurrent.Executor;
import org.otp4j.Pid;

/**
 * A process as a {@link Scheduler} sees it: something that runs activations, parks and is woken.
 *
 * <p>Implemented by the engine; schedulers only read it.
 */
public interface Strand {
    /** The process's pid. */
    Pid pid();

    /** The thread running the strand's current activation, or null while it has none. */
    Thread thread();

    /**
     * The executor the process asked its activations to run on, or null for the scheduler's default
     * (a fresh virtual thread per activation).
     */
    Executor executor();
}
