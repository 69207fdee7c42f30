package org.otp4j.conformance;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.otp4j.Node;

/** The kernel contracts on the production scheduler: virtual threads and the system clock. */
class VirtualThreadConformanceTest {
    static final ConformanceBase.NodeFactory PRODUCTION = new ConformanceBase.NodeFactory() {
        @Override
        public Node create(long seed) {
            return Node.builder().shutdownGrace(Duration.ofMillis(300)).build();
        }

        @Override
        public boolean controlled() {
            return false;
        }
    };

    @Nested
    class Signals extends SignalsContract {
        Signals() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Exits extends ExitsContract {
        Exits() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Monitors extends MonitorsContract {
        Monitors() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Timers extends TimersContract {
        Timers() {
            super(PRODUCTION);
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Nodes extends NodeContract {
        Nodes() {
            super(PRODUCTION);
        }
    }

    @Nested
    class GenServers extends GenServerContract {
        GenServers() {
            super(PRODUCTION);
        }
    }

    @Nested
    class StateMachines extends StateMachineContract {
        StateMachines() {
            super(PRODUCTION);
        }
    }

    @Nested
    class SysRequests extends SysContract {
        SysRequests() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Tasks extends TaskContract {
        Tasks() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Registries extends RegistryContract {
        Registries() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Awaits extends org.otp4j.conformance.AwaitContract {
        Awaits() {
            super(PRODUCTION);
        }
    }

    @Nested
    class Supervisors extends org.otp4j.conformance.SupervisorContract {
        Supervisors() {
            super(PRODUCTION);
        }
    }
}
