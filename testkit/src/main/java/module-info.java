/**
 * The otp4j testkit: deterministic exploration of process schedules with virtual time, exact replay,
 * shrinking and JUnit 5 integration.
 */
module org.otp4j.testkit {
    requires transitive org.otp4j.engine;
    requires transitive org.junit.jupiter.api;

    exports org.otp4j.testkit;
}
