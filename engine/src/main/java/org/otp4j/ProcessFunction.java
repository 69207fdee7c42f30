package org.otp4j;

/**
 * Code that runs as a process and returns a value to the host thread that started it; see {@link
 * Node#run(ProcessFunction)}.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface ProcessFunction<T> {
    /**
     * Runs inside a fresh process.
     *
     * @param self the process's handle on the engine
     * @return the result handed back to the host
     * @throws Exception ends the process with that exception, and is rethrown to the host
     */
    T apply(ProcessContext self) throws Exception;
}
