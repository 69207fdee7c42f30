package org.otp4j.testkit;

import java.nio.file.Path;

/**
 * A schedule that failed, with everything needed to understand and replay it: thrown by {@link
 * Explorer.Result#assertPassed()} and by {@link DeterministicTest} tests. The message is the full report
 * (seed, strategy, schedule number, steps, the replay line, the shrunk run as a Mermaid sequence
 * diagram); the cause is what the schedule threw.
 */
public final class ScheduleFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final String replay;
    private final long schedule;
    private final transient Path traceFile;

    ScheduleFailure(String report, Throwable cause, String replay, long schedule, Path traceFile) {
        super(report, cause);
        this.replay = replay;
        this.schedule = schedule;
        this.traceFile = traceFile;
    }

    /**
     * {@return the replay line of the shrunk schedule: give it to {@link DeterministicTest#replay()} or as
     * {@code -Dotp4j.replay=...} to run exactly this schedule}
     */
    public String replay() {
        return replay;
    }

    /** {@return the number of the failing schedule within the exploration, from 0} */
    public long schedule() {
        return schedule;
    }

    /** {@return the file holding the full trace, or null if it could not be written} */
    public Path traceFile() {
        return traceFile;
    }
}
