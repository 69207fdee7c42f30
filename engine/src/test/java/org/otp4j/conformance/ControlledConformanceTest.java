package org.otp4j.conformance;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.otp4j.Node;
import org.otp4j.internal.sched.ControlledScheduler;

/**
 * The same kernel contracts on the engine's controlled scheduler: one process step at a time, every
 * delivery a separate seeded choice, virtual time. Passing here proves the determinism seam: nothing in
 * the kernel orders events or reads time behind the scheduler's back.
 */
class ControlledConformanceTest {
    /** Shifts every seed, so that a stress run can sweep schedules: {@code -Dotp4j.seedOffset=N}. */
    static final long SEED_OFFSET = Long.getLong("otp4j.seedOffset", 0);

    static final ConformanceBase.NodeFactory CONTROLLED = new ConformanceBase.NodeFactory() {
        @Override
        public Node create(long seed) {
            ControlledScheduler scheduler = new ControlledScheduler(seed + SEED_OFFSET);
            return Node.builder()
                    .scheduler(scheduler)
                    .clock(scheduler.clock())
                    .shutdownGrace(Duration.ofMillis(300))
                    .build();
        }

        @Override
        public boolean controlled() {
            return true;
        }
    };

    @Nested
    class Signals extends SignalsContract {
        Signals() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Exits extends ExitsContract {
        Exits() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Monitors extends MonitorsContract {
        Monitors() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Timers extends TimersContract {
        Timers() {
            super(CONTROLLED);
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Nodes extends NodeContract {
        Nodes() {
            super(CONTROLLED);
        }
    }

    @Nested
    class GenServers extends GenServerContract {
        GenServers() {
            super(CONTROLLED);
        }
    }

    @Nested
    class StateMachines extends StateMachineContract {
        StateMachines() {
            super(CONTROLLED);
        }
    }

    @Nested
    class SysRequests extends SysContract {
        SysRequests() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Tasks extends TaskContract {
        Tasks() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Registries extends RegistryContract {
        Registries() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Awaits extends org.otp4j.conformance.AwaitContract {
        Awaits() {
            super(CONTROLLED);
        }
    }

    @Nested
    class Supervisors extends org.otp4j.conformance.SupervisorContract {
        Supervisors() {
            super(CONTROLLED);
        }
    }
}
