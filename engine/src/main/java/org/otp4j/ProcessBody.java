package org.otp4j;

/**
 * The code of a direct-style process: runs once, on its own virtual thread, and may block in {@link
 * ProcessContext#receive} and in calls. The process ends with reason {@code normal} when the method
 * returns, and with {@link ExitReason#exception} when it throws.
 */
@FunctionalInterface
public interface ProcessBody {
    /**
     * Runs the process.
     *
     * @param self the process's handle on the engine; valid only on the process's own thread
     * @throws Exception anything the body lets escape ends the process with that exception as reason
     */
    void run(ProcessContext self) throws Exception;
}
