package org.otp4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessFunction;
import org.otp4j.ProcessInfo;
import org.otp4j.internal.sched.ControlledScheduler;
import org.otp4j.internal.sched.VirtualClock;
import org.otp4j.sys.Sys;

/**
 * One schedule's node under the deterministic scheduler, with the test's controls: run code as a
 * process, move virtual time, run until idle, seeded {@linkplain #buggify(String) fault points} and
 * {@linkplain #liveness(String) liveness properties}.
 *
 * <p>The node runs only while the host waits on it ({@link #run}, {@link #advance}, {@link
 * #runUntilIdle}); between those calls nothing moves, which is what makes a schedule reproducible. Use
 * it from the test's thread only.
 */
public final class TestNode {
    private final Node node;
    private final ControlledScheduler scheduler;
    private final String strategy;
    private final long seed;
    private final SplittableRandom buggify;
    private final Set<Pid> roots = new HashSet<>();
    private final List<Liveness> liveness = new ArrayList<>();
    private boolean expectRoot; // run() is about to spawn its process

    /** Stands in for the per-schedule node while JUnit resolves a test's parameters. */
    static final TestNode PLACEHOLDER = new TestNode(null, null, "placeholder", 0);

    TestNode(Node node, ControlledScheduler scheduler, String strategy, long seed) {
        this.node = node;
        this.scheduler = scheduler;
        this.strategy = strategy;
        this.seed = seed;
        this.buggify = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** {@return the node: spawn, send and look up processes with it} */
    public Node node() {
        return node;
    }

    /** {@return the strategy that drives this schedule (random, pctN, pos or replay)} */
    public String strategy() {
        return strategy;
    }

    /** {@return the seed of this schedule's strategy} */
    public long seed() {
        return seed;
    }

    /**
     * Runs {@code function} as a process and drives the node until it returns, failing on a deadlock.
     * The process is never chosen as a victim of injected faults.
     *
     * @param function the code
     * @param <T> its result
     * @return what it returned
     */
    public <T> T run(ProcessFunction<T> function) {
        Objects.requireNonNull(function, "function");
        expectRoot = true; // the spawn event of the next process marks it (see spawned)
        try {
            return node.run(function);
        } finally {
            expectRoot = false;
        }
    }

    /**
     * Runs the processes while virtual time moves forward by {@code duration}; timers due in that span
     * fire in order.
     *
     * @param duration non-negative
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance needs a non-negative duration, got " + duration);
        }
        try {
            scheduler.awaitHost(new CompletableFuture<>(), duration.toNanos());
        } catch (TimeoutException reached) {
            // the normal end: virtual time reached now + duration
        }
    }

    /**
     * Runs the processes until none can take a step; pending timers stay pending.
     *
     * @throws IllegalStateException if the run was aborted
     */
    public void runUntilIdle() {
        try {
            scheduler.runUntilIdle();
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@return virtual time since the schedule started} */
    public Duration now() {
        return Duration.ofNanos(node.monotonicTime() - VirtualClock.EPOCH);
    }

    /**
     * A seeded fault point (FoundationDB's {@code BUGGIFY}): true on some schedules, false on others, the
     * same for a given seed. Use it in code under test to take rare paths (fail a request, drop a reply).
     *
     * @param point names the point, for readability only
     * @return whether to take the faulty path (probability 1/4)
     */
    public boolean buggify(String point) {
        return buggify(point, 0.25);
    }

    /**
     * A seeded fault point with a probability.
     *
     * @param point names the point
     * @param probability in {@code [0, 1]}
     * @return whether to take the faulty path
     */
    public boolean buggify(String point, double probability) {
        Objects.requireNonNull(point, "point");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("buggify probability must be in [0, 1], got " + probability);
        }
        return buggify.nextDouble() < probability;
    }

    /**
     * Declares a liveness property; it must be cold when the schedule ends.
     *
     * @param name what the property says
     * @return the property, to mark hot and cold
     */
    public Liveness liveness(String name) {
        Liveness l = new Liveness(name);
        liveness.add(l);
        return l;
    }

    /** Called for every spawn, as it happens: the process run() starts is a root, spared by faults. */
    void spawned(Pid pid) {
        if (expectRoot) {
            roots.add(pid);
            expectRoot = false;
        }
    }

    boolean isRoot(Pid pid) {
        return roots.contains(pid);
    }

    /**
     * SM14: with every process idle and no timer pending, nothing can change a state any more, so a state
     * machine that still holds postponed events will never retry them.
     */
    private void checkPostponed() {
        if (scheduler.hasPendingTimers()) {
            return;
        }
        List<Pid> machines = node.processes().stream()
                .filter(p -> org.otp4j.internal.Kernel.access().processClass(p)
                        == org.otp4j.internal.gen.MachineProcess.class)
                .toList();
        if (machines.isEmpty()) {
            return;
        }
        List<String> stuck = run(self -> {
            List<String> out = new ArrayList<>();
            for (Pid m : machines) {
                Sys.Status status = Sys.getStatus(self, m);
                if (status.postponed() > 0 && !status.suspended()) {
                    out.add(m + " holds " + status.postponed() + " postponed event(s) in state "
                            + ((Sys.StateAndData) status.state()).state());
                }
            }
            return out;
        });
        if (!stuck.isEmpty()) {
            throw new AssertionError("postponed events that can never be retried (every process is idle and no"
                    + " timer is pending, so no state will change): " + String.join("; ", stuck));
        }
    }

    /**
     * The checks after every schedule: once the processes are idle, no liveness property is hot, no state
     * machine holds postponed events that can never be retried (SM14), each link of a live process is
     * known to both ends, and no live process holds a monitor on, or is monitored by, a process that has
     * ended.
     */
    void checkAfterSchedule() {
        runUntilIdle();
        for (Liveness l : liveness) {
            if (l.isHot()) {
                throw new AssertionError("liveness property '" + l.name() + "' is still hot when the schedule"
                        + " ends: " + l.hotBecause());
            }
        }
        checkPostponed();
        for (Pid p : node.processes()) {
            ProcessInfo info = node.info(p).orElse(null);
            if (info == null) {
                continue;
            }
            for (Pid other : info.links()) {
                List<Pid> back = node.info(other).map(ProcessInfo::links).orElse(null);
                if (back == null) {
                    throw new AssertionError("inconsistent link: " + p + " is still linked to " + other
                            + ", which has ended, with every process idle (its exit signal was lost)");
                }
                if (!back.contains(p)) {
                    throw new AssertionError("inconsistent link: " + p + " is linked to " + other
                            + " but not the other way round, with every process idle");
                }
            }
            for (Pid watcher : info.monitoredBy()) {
                if (!node.isAlive(watcher)) {
                    throw new AssertionError("inconsistent monitor: " + p + " is still monitored by " + watcher
                            + ", which has ended, with every process idle (its demonitor was lost)");
                }
            }
            for (Object watched : info.monitors()) {
                if (watched instanceof Pid target && !node.isAlive(target)) {
                    throw new AssertionError("inconsistent monitor: " + p + " still monitors " + target
                            + ", which has ended, with every process idle (its DOWN was lost)");
                }
            }
        }
    }
}
