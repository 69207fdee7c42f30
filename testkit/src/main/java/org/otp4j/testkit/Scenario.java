package org.otp4j.testkit;

/**
 * The code of a deterministic test: runs once per schedule, on the host thread, against a fresh {@link
 * TestNode}. Anything it throws fails the schedule.
 */
@FunctionalInterface
public interface Scenario {
    /**
     * Runs the test against one schedule.
     *
     * @param node the schedule's node
     * @throws Exception fails the schedule
     */
    void run(TestNode node) throws Exception;
}
