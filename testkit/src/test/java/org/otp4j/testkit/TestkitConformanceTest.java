package org.otp4j.testkit;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.otp4j.Node;
import org.otp4j.conformance.BadInputContract;
import org.otp4j.conformance.ConformanceBase;
import org.otp4j.conformance.ExitsContract;
import org.otp4j.conformance.MonitorsContract;
import org.otp4j.conformance.NodeContract;
import org.otp4j.conformance.RegistryContract;
import org.otp4j.conformance.SignalsContract;
import org.otp4j.conformance.TimersContract;
import org.otp4j.internal.sched.ControlledScheduler;

/**
 * The engine's kernel contracts under the testkit's strategies: each test's node is driven by random
 * walk, PCT or POS (by seed), with the testkit's recorder in front, as an exploration would drive it.
 */
class TestkitConformanceTest {
    static final long SEED_OFFSET = Long.getLong("otp4j.seedOffset", 0);

    static final ConformanceBase.NodeFactory TESTKIT = new ConformanceBase.NodeFactory() {
        @Override
        public Node create(long seed) {
            long s = seed + SEED_OFFSET;
            String strategy = Strategies.nameFor(StrategyKind.PORTFOLIO, 3, s);
            Recorder recorder = new Recorder(Strategies.create(strategy, s, 500), null, s, 0, pid -> {});
            ControlledScheduler scheduler = new ControlledScheduler(
                    recorder, 1_000_000, Duration.ofSeconds(10).toNanos());
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
            super(TESTKIT);
        }
    }

    @Nested
    class Exits extends ExitsContract {
        Exits() {
            super(TESTKIT);
        }
    }

    @Nested
    class Monitors extends MonitorsContract {
        Monitors() {
            super(TESTKIT);
        }
    }

    @Nested
    class Timers extends TimersContract {
        Timers() {
            super(TESTKIT);
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() {
            super(TESTKIT);
        }
    }

    @Nested
    class Nodes extends NodeContract {
        Nodes() {
            super(TESTKIT);
        }
    }

    @Nested
    class GenServers extends org.otp4j.conformance.GenServerContract {
        GenServers() {
            super(TESTKIT);
        }
    }

    @Nested
    class StateMachines extends org.otp4j.conformance.StateMachineContract {
        StateMachines() {
            super(TESTKIT);
        }
    }

    @Nested
    class SysRequests extends org.otp4j.conformance.SysContract {
        SysRequests() {
            super(TESTKIT);
        }
    }

    @Nested
    class Tasks extends org.otp4j.conformance.TaskContract {
        Tasks() {
            super(TESTKIT);
        }
    }

    @Nested
    class Registries extends RegistryContract {
        Registries() {
            super(TESTKIT);
        }
    }

    @Nested
    class Awaits extends org.otp4j.conformance.AwaitContract {
        Awaits() {
            super(TESTKIT);
        }
    }

    @Nested
    class Supervisors extends org.otp4j.conformance.SupervisorContract {
        Supervisors() {
            super(TESTKIT);
        }
    }
}
