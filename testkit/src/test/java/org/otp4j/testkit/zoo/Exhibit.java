package org.otp4j.testkit.zoo;

import java.util.List;
import org.otp4j.testkit.Scenario;

/**
 * One animal of the zoo: a small concurrent program with a bug that only some interleavings show, and
 * its fixed twin, which no interleaving breaks.
 *
 * @param name a short name (exploration names, the table)
 * @param bug what goes wrong, in one line
 * @param symptoms pieces of the failure report that show the bug was found (not some other failure);
 *     any one of them will do
 * @param buggy the buggy program with the assertion it breaks
 * @param fixed the fixed twin with the same assertion
 */
record Exhibit(String name, String bug, List<String> symptoms, Scenario buggy, Scenario fixed) {
    /** Every exhibit, in the order of the issue. */
    static List<Exhibit> all() {
        return List.of(
                LostUpdate.EXHIBIT,
                OrderAcrossSenders.EXHIBIT,
                MutualCallDeadlock.EXHIBIT,
                TimeoutAgainstReply.EXHIBIT,
                StaleTimer.EXHIBIT,
                NameRaceOnRestart.EXHIBIT,
                MonitorAfterDeath.EXHIBIT,
                StartupOrdering.EXHIBIT);
    }

    @Override
    public String toString() {
        return name;
    }
}
