/**
 * The otp4j engine: processes, links, monitors, timers and names (package {@code org.otp4j}), the
 * behaviours built on them (servers, state machines, tasks, supervisors), the registry, await, and the
 * determinism seam (package {@code org.otp4j.spi}).
 */
module org.otp4j.engine {
    // Compile-time only: the tests that check crash reports capture them through java.util.logging.
    requires static java.logging;

    exports org.otp4j;
    exports org.otp4j.spi;
    exports org.otp4j.server;
    exports org.otp4j.statem;
    exports org.otp4j.sys;
    exports org.otp4j.task;
    exports org.otp4j.registry;
    exports org.otp4j.await;
    exports org.otp4j.supervisor;
    exports org.otp4j.internal to
            org.otp4j.testkit;
    exports org.otp4j.internal.sched to
            org.otp4j.testkit;
    exports org.otp4j.internal.gen to
            org.otp4j.testkit;
}
