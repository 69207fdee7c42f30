package org.otp4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.internal.sched.ControlledScheduler;
import org.otp4j.internal.sched.ControlledScheduler.Strategy;

/**
 * Runs a {@link Scenario} under many schedules of the deterministic scheduler and reports the first one
 * that fails, shrunk and ready to replay.
 *
 * {@snippet :
 * Explorer.Result result = Explorer.builder()
 *         .name("transfer")
 *         .schedules(1_000)
 *         .seed(42)
 *         .build()
 *         .explore(node -> node.run(self -> transfer(self)));
 * result.assertPassed(); // throws a ScheduleFailure with the report
 * }
 *
 * <p><b>Schedules.</b> Schedule {@code i} gets a strategy (see {@link StrategyKind}) and a seed derived
 * from the exploration's base seed and {@code i}; the same base seed gives the same schedules in any JVM.
 * The first schedule runs twice, and so does a failing one, to check that nothing escaped the
 * scheduler's control (a thread of one's own, the real clock, shared mutable state); a mismatch is
 * reported with the first event where the two runs differ.
 *
 * <p><b>Shrinking.</b> A failing schedule is a list of choices. The explorer looks for the shortest
 * prefix that still fails when the rest of the run makes canonical choices (deliver at once, no
 * preemption), then turns as many of the remaining choices as it can into canonical ones. The result
 * replays strictly: the same choices, or an error if the code no longer offers them.
 *
 * <p><b>Replay lines.</b> {@code name|choices@1f2e:3,c4,1} replays a shrunk schedule (the seed keeps
 * {@link TestNode#buggify} and fault injection as in the original run); {@code
 * name|pct3@1f2e3d4c} replays one strategy run from its seed. The name guards against replaying a line
 * recorded for another test.
 */
public final class Explorer {
    /** The system property that makes every exploration replay one line instead of exploring. */
    public static final String REPLAY_PROPERTY = "otp4j.replay";

    /** The system property that fixes the base seed of explorations that set none. */
    public static final String SEED_PROPERTY = "otp4j.seed";

    private static final int SHRINK_RUNS = 300;
    private static final Duration SHRINK_TIME = Duration.ofSeconds(30);

    private final String name;
    private final int schedules;
    private final Long seed;
    private final StrategyKind strategy;
    private final int pctDepth;
    private final long maxSteps;
    private final double faultRate;
    private final Duration timeBudget;
    private final String replay;
    private final Path traceDir;
    private final Duration stall;
    private final boolean timeRaces;
    /** PCT's estimate of a schedule's length (its change points fall in it); fixed, so runs replay. */
    private static final long PCT_STEPS = 200;

    private Explorer(Builder b) {
        this.name = b.name;
        this.schedules = b.schedules;
        this.seed = b.seed;
        this.strategy = b.strategy;
        this.pctDepth = b.pctDepth;
        this.maxSteps = b.maxSteps;
        this.faultRate = b.faultRate;
        this.timeBudget = b.timeBudget;
        this.replay = b.replay;
        this.traceDir = b.traceDir;
        this.stall = b.stall;
        this.timeRaces = b.timeRaces;
    }

    /** {@return a builder with the defaults: 100 schedules, the portfolio, a random base seed} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The outcome of an exploration.
     *
     * @param name the exploration's name
     * @param schedulesRun how many schedules ran
     * @param baseSeed the base seed (give it to {@link Builder#seed} to run the same schedules again)
     * @param failure the first failing schedule, or null
     */
    public record Result(String name, int schedulesRun, long baseSeed, ScheduleFailure failure) {
        /** {@return whether every schedule passed} */
        public boolean passed() {
            return failure == null;
        }

        /** Throws the {@link ScheduleFailure} if a schedule failed. */
        public void assertPassed() {
            if (failure != null) {
                throw failure;
            }
        }

        /** {@return one line for a test log: name, schedules, seed, verdict} */
        public String summary() {
            return String.format(
                    "[otp4j testkit] %s: %d schedule(s), base seed %s: %s",
                    name,
                    schedulesRun,
                    hex(baseSeed),
                    passed() ? "passed" : "FAILED at schedule " + failure.schedule());
        }
    }

    /** One run of the scenario. */
    private record Outcome(Throwable failure, int[] choices, Trace trace, long steps) {}

    // ---- exploring ------------------------------------------------------------------------------

    /**
     * Explores the scenario.
     *
     * @param scenario the test code
     * @return the outcome; a replay line (the builder's or {@value #REPLAY_PROPERTY}) runs just that
     *     schedule
     */
    public Result explore(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        String line = replay != null ? replay : System.getProperty(REPLAY_PROPERTY);
        if (line != null && !line.isBlank()) {
            return replay(scenario, line.trim());
        }
        long base = seed != null ? seed : defaultSeed();
        long started = System.nanoTime();
        int ran = 0;
        for (int i = 0; i < schedules; i++) {
            if (i > 0 && System.nanoTime() - started > timeBudget.toNanos()) {
                break;
            }
            String strat = Strategies.nameFor(strategy, pctDepth, i);
            long s = scheduleSeed(base, i);
            Outcome o = runOnce(scenario, strat, s, null);
            ran++;
            if (o.failure() == null && i == 0) {
                Outcome again = runOnce(scenario, strat, s, null);
                int diff = Trace.firstDifference(o.trace(), again.trace());
                if (diff >= 0 || again.failure() != null) {
                    return new Result(name, ran, base, nondeterminism(o, again, diff, strat, s, i));
                }
            }
            if (o.failure() != null) {
                return new Result(name, ran, base, failure(scenario, o, strat, s, i, base));
            }
        }
        return new Result(name, ran, base, null);
    }

    private static long defaultSeed() {
        String p = System.getProperty(SEED_PROPERTY);
        if (p != null && !p.isBlank()) {
            return parseSeed(p.trim());
        }
        return new SplittableRandom().nextLong();
    }

    static long scheduleSeed(long base, long schedule) {
        return new SplittableRandom(base + schedule * 0x9E3779B97F4A7C15L).nextLong();
    }

    private Outcome runOnce(Scenario scenario, String strategyName, long strategySeed, int[] prefix) {
        Trace trace = new Trace();
        TestNode[] holder = new TestNode[1];
        Strategy base = strategyName == null ? null : Strategies.create(strategyName, strategySeed, PCT_STEPS);
        Recorder recorder = new Recorder(base, prefix, strategySeed, faultRate, pid -> {
            TestNode t = holder[0];
            if (t != null && !t.isRoot(pid)) {
                t.node().exit(pid, ExitReason.kill());
            }
        });
        ControlledScheduler scheduler = new ControlledScheduler(recorder, maxSteps, stall.toNanos());
        scheduler.timeRaces(timeRaces);
        scheduler.observe(event -> {
            trace.event(event);
            if (event.kind() == ControlledScheduler.EventKind.SPAWN && holder[0] != null) {
                holder[0].spawned(event.actor());
            }
        });
        Node node = Node.builder()
                .name(name)
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .shutdownGrace(Duration.ofSeconds(5))
                .build();
        TestNode testNode = new TestNode(node, scheduler, strategyName == null ? "replay" : strategyName, strategySeed);
        holder[0] = testNode;
        Throwable failure = null;
        try {
            scenario.run(testNode);
            testNode.checkAfterSchedule();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            node.close();
            if (failure == null && !node.processes().isEmpty()) { // no leaked processes
                failure = new AssertionError("processes still alive after the node was closed (shutdown, then"
                        + " kill): " + node.processes());
            }
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }
        return new Outcome(failure, recorder.choices(), trace, scheduler.steps());
    }

    // ---- failures -------------------------------------------------------------------------------

    private ScheduleFailure failure(Scenario scenario, Outcome o, String strat, long s, int schedule, long base) {
        Outcome again = runOnce(scenario, strat, s, null);
        int diff = Trace.firstDifference(o.trace(), again.trace());
        String determinism = diff < 0 && sameFailure(o, again)
                ? "re-running the seed gave the same failure and the same trace (hash "
                        + hex(o.trace().hash()) + ")"
                : "NONDETERMINISM: re-running the seed " + describeDifference(o, again, diff);

        Shrunk shrunk = shrink(scenario, o, s);
        Outcome check = runOnce(scenario, null, s, shrunk.prefix());
        boolean strict = sameFailure(shrunk.outcome(), check)
                && shrunk.outcome().trace().hash() == check.trace().hash();
        String replayLine = name + "|choices@" + hex(s) + ":" + encode(shrunk.prefix());
        String original = name + "|" + strat + "@" + hex(s);
        int deviations = 0;
        for (int c : shrunk.prefix()) {
            if (c != Recorder.CANONICAL) {
                deviations++;
            }
        }
        Throwable cause = shrunk.outcome().failure();
        StringBuilder r = new StringBuilder();
        r.append("otp4j testkit: ")
                .append(name)
                .append(": schedule ")
                .append(schedule)
                .append(" failed (strategy ")
                .append(strat)
                .append(", seed ")
                .append(hex(s))
                .append(", base seed ")
                .append(hex(base))
                .append(", ")
                .append(o.steps())
                .append(" steps)\n  ")
                .append(summary(o.failure()))
                .append("\n\nReplay the shrunk schedule (")
                .append(shrunk.outcome().steps())
                .append(" steps, ")
                .append(deviations)
                .append(" choice(s) off the canonical run")
                .append(strict ? ", replays strictly" : ", WARNING: its replay did not reproduce it strictly")
                .append("):\n  @DeterministicTest(replay = \"")
                .append(replayLine)
                .append("\")   or   -D")
                .append(REPLAY_PROPERTY)
                .append("='")
                .append(replayLine)
                .append("'\n  shrunk failure: ")
                .append(firstLine(cause))
                .append("\nReplay the original schedule:\n  @DeterministicTest(replay = \"")
                .append(original)
                .append("\")\nDeterminism check: ")
                .append(determinism)
                .append('\n');
        Path file = writeTrace(s, r, shrunk.outcome().trace(), o.trace());
        if (file != null) {
            r.append("Full traces: ").append(file.toAbsolutePath()).append('\n');
        }
        r.append("\nThe shrunk run (P<n> is the n-th process; RACE marks a delivery whose order against another")
                .append(" sender's signal the scheduler chose):\n```mermaid\n")
                .append(shrunk.outcome().trace().mermaid())
                .append("```\n");
        return new ScheduleFailure(r.toString(), cause, replayLine, schedule, file);
    }

    private ScheduleFailure nondeterminism(Outcome a, Outcome b, int diff, String strat, long s, int schedule) {
        String report = "otp4j testkit: " + name + ": schedule " + schedule + " (strategy " + strat + ", seed " + hex(s)
                + ") did not replay: NONDETERMINISM: " + describeDifference(a, b, diff)
                + "\nSomething the scheduler does not control changed the run: a thread of the test's own, the"
                + " real clock, randomness, or state shared between schedules (static fields).";
        return new ScheduleFailure(report, b.failure(), name + "|" + strat + "@" + hex(s), schedule, null);
    }

    private static String describeDifference(Outcome a, Outcome b, int diff) {
        if (diff < 0) {
            return "gave the same trace but a different outcome: " + firstLine(a.failure()) + " vs "
                    + firstLine(b.failure());
        }
        List<ControlledScheduler.Event> ea = a.trace().events();
        List<ControlledScheduler.Event> eb = b.trace().events();
        String first = diff < ea.size() ? Trace.line(ea.get(diff)) : "(end of run)";
        String second = diff < eb.size() ? Trace.line(eb.get(diff)) : "(end of run)";
        return "diverged at event " + diff + ": first run '" + first + "', second run '" + second + "'";
    }

    private static boolean sameFailure(Outcome a, Outcome b) {
        return a.failure() != null
                && b.failure() != null
                && a.failure().getClass() == b.failure().getClass();
    }

    private record Shrunk(int[] prefix, Outcome outcome) {}

    /** Shrinks a failing schedule; {@code seed} keeps buggify and fault injection as in the original run. */
    private Shrunk shrink(Scenario scenario, Outcome failing, long seed) {
        long deadline = System.nanoTime() + SHRINK_TIME.toNanos();
        int runs = 0;
        int[] best = failing.choices();
        Outcome bestOutcome = failing;
        // 1. the shortest prefix that still fails when the rest is canonical
        int lo = 0;
        int hi = best.length;
        while (lo < hi && runs < SHRINK_RUNS && System.nanoTime() < deadline) {
            int mid = (lo + hi) >>> 1;
            Outcome o = runOnce(scenario, null, seed, Arrays.copyOf(best, mid));
            runs++;
            if (sameFailure(failing, o)) {
                hi = mid;
                bestOutcome = o;
            } else {
                lo = mid + 1;
            }
        }
        best = Arrays.copyOf(best, hi);
        if (hi < failing.choices().length && bestOutcome == failing) {
            bestOutcome = runOnce(scenario, null, seed, best);
        }
        // 2. as many canonical choices as still fail, latest first
        for (int i = best.length - 1; i >= 0 && runs < SHRINK_RUNS && System.nanoTime() < deadline; i--) {
            if (best[i] == Recorder.CANONICAL) {
                continue;
            }
            int[] t = best.clone();
            t[i] = Recorder.CANONICAL;
            Outcome o = runOnce(scenario, null, seed, t);
            runs++;
            if (sameFailure(failing, o)) {
                best = t;
                bestOutcome = o;
            }
        }
        int end = best.length;
        while (end > 0 && best[end - 1] == Recorder.CANONICAL) {
            end--;
        }
        return new Shrunk(Arrays.copyOf(best, end), bestOutcome);
    }

    private Path writeTrace(long s, CharSequence report, Trace shrunk, Trace original) {
        try {
            Files.createDirectories(traceDir);
            Path file = traceDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hex(s) + ".md");
            String text = "# " + name + "\n\n```\n" + report + "```\n\n## Shrunk schedule\n\n```mermaid\n"
                    + shrunk.mermaid() + "```\n\n```\n" + shrunk.text() + "```\n\n## Original schedule\n\n```\n"
                    + original.text() + "```\n";
            Files.writeString(file, text);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ---- replay ---------------------------------------------------------------------------------

    private Result replay(Scenario scenario, String line) {
        int bar = line.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("bad replay line '" + line + "': expected name|choices@seed:... or"
                    + " name|strategy@seed, as printed in a failure report");
        }
        String recordedFor = line.substring(0, bar);
        if (!recordedFor.equals(name)) {
            throw new IllegalArgumentException("the replay line '" + line + "' was recorded for '" + recordedFor
                    + "', not for '" + name + "': remove it, or use it on that test");
        }
        String spec = line.substring(bar + 1);
        Outcome o;
        String strat;
        long s;
        if (spec.startsWith("choices")) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad replay line '" + line + "': expected choices@seed:...");
            }
            strat = "replay";
            s = spec.startsWith("choices@") ? parseSeed(spec.substring("choices@".length(), colon)) : 0;
            o = runOnce(scenario, null, s, decode(spec.substring(colon + 1)));
        } else {
            int at = spec.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException(
                        "bad replay line '" + line + "': expected choices@seed:... or strategy@seed after the name");
            }
            strat = spec.substring(0, at);
            s = parseSeed(spec.substring(at + 1));
            Strategies.create(strat, s, 1); // validates the name
            o = runOnce(scenario, strat, s, null);
        }
        if (o.failure() == null) {
            return new Result(name, 1, s, null);
        }
        String report = "otp4j testkit: " + name + ": the replayed schedule failed (" + line + ", " + o.steps()
                + " steps)\n  " + firstLine(o.failure()) + "\n\n```mermaid\n"
                + o.trace().mermaid() + "```\n";
        Path file = writeTrace(s, report, o.trace(), o.trace());
        return new Result(name, 1, s, new ScheduleFailure(report, o.failure(), line, 0, file));
    }

    static String encode(int[] prefix) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < prefix.length) {
            if (prefix[i] == Recorder.CANONICAL) {
                int j = i;
                while (j < prefix.length && prefix[j] == Recorder.CANONICAL) {
                    j++;
                }
                parts.add(j - i == 1 ? "c" : "c" + (j - i));
                i = j;
            } else {
                parts.add(Integer.toString(prefix[i]));
                i++;
            }
        }
        return String.join(",", parts);
    }

    static int[] decode(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            try {
                if (p.startsWith("c")) {
                    int n = p.length() == 1 ? 1 : Integer.parseInt(p.substring(1));
                    for (int k = 0; k < n; k++) {
                        out.add(Recorder.CANONICAL);
                    }
                } else {
                    int v = Integer.parseInt(p);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    out.add(v);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad replay choices: '" + p + "' is neither a choice index nor c<count>", e);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static long parseSeed(String s) {
        try {
            String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad seed '" + s + "': expected hexadecimal, as printed (1f2e3d4c)", e);
        }
    }

    static String hex(long v) {
        return Long.toHexString(v);
    }

    /** The failure's class and message, up to a dozen lines, with symbolic pids. */
    private static String summary(Throwable t) {
        if (t == null) {
            return "(no failure)";
        }
        String m = t.getMessage();
        String text = m == null
                ? ""
                : Trace.symbolic(m)
                        .lines()
                        .limit(12)
                        .reduce((a, b) -> a + "\n  " + b)
                        .orElse("");
        return t.getClass().getName() + (text.isEmpty() ? "" : ": " + text);
    }

    private static String firstLine(Throwable t) {
        if (t == null) {
            return "(no failure)";
        }
        String m = t.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return t.getClass().getName() + (first.isEmpty() ? "" : ": " + Trace.symbolic(first));
    }

    // ---- builder --------------------------------------------------------------------------------

    /** Configures an {@link Explorer}; every setter validates its argument. */
    public static final class Builder {
        private String name = "scenario";
        private int schedules = 100;
        private Long seed;
        private StrategyKind strategy = StrategyKind.PORTFOLIO;
        private int pctDepth = 3;
        private long maxSteps = 100_000;
        private double faultRate;
        private Duration timeBudget = Duration.ofMinutes(2);
        private String replay;
        private Path traceDir = Path.of("target", "otp4j-traces");
        private Duration stall = Duration.ofSeconds(10);
        private boolean timeRaces;

        private Builder() {}

        /**
         * Lets timers race with other events (default off). When off, virtual time moves only when no
         * process can run, as if processes were infinitely fast: a reply already on its way always beats
         * a timeout. When on, firing the next timer early is one more choice at every step, so timeouts
         * can overtake replies in flight, as under real load; assertions with time bounds then fail on
         * the schedules where the bound is overtaken.
         *
         * @param on whether timers race
         * @return this builder
         */
        public Builder timeRaces(boolean on) {
            this.timeRaces = on;
            return this;
        }

        /**
         * Names the exploration (in reports, trace files and replay lines).
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.contains("|")) {
                throw new IllegalArgumentException(
                        "an exploration name must be non-blank and without '|': '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * How many schedules to run (default 100).
         *
         * @param schedules at least 1
         * @return this builder
         */
        public Builder schedules(int schedules) {
            if (schedules < 1) {
                throw new IllegalArgumentException("schedules must be at least 1, got " + schedules);
            }
            this.schedules = schedules;
            return this;
        }

        /**
         * The base seed (default: {@value Explorer#SEED_PROPERTY} if set, else random and printed).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The strategy (default {@link StrategyKind#PORTFOLIO}).
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder strategy(StrategyKind strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * The bug depth PCT aims at (default 3); only for {@link StrategyKind#PCT}.
         *
         * @param depth at least 1
         * @return this builder
         */
        public Builder pctDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("pctDepth must be at least 1, got " + depth);
            }
            this.pctDepth = depth;
            return this;
        }

        /**
         * The most scheduling steps one wait of the host may take (default 100,000); more fails the
         * schedule as a livelock.
         *
         * @param maxSteps positive
         * @return this builder
         */
        public Builder maxSteps(long maxSteps) {
            if (maxSteps < 1) {
                throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * The probability that a process about to take a step is killed instead (default 0): seeded
         * fault injection. Processes started by {@link TestNode#run} are spared.
         *
         * @param rate in {@code [0, 1)}
         * @return this builder
         */
        public Builder faultRate(double rate) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("faultRate must be in [0, 1), got " + rate);
            }
            this.faultRate = rate;
            return this;
        }

        /**
         * The real time the exploration may take before it stops early (default 2 minutes).
         *
         * @param budget positive
         * @return this builder
         */
        public Builder timeBudget(Duration budget) {
            Objects.requireNonNull(budget, "budget");
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("timeBudget must be positive, got " + budget);
            }
            this.timeBudget = budget;
            return this;
        }

        /**
         * Replays one schedule instead of exploring (a line from a failure report).
         *
         * @param line the replay line, or null for none
         * @return this builder
         */
        public Builder replay(String line) {
            this.replay = line == null || line.isBlank() ? null : line;
            return this;
        }

        /**
         * Where failure traces are written (default {@code target/otp4j-traces}).
         *
         * @param dir the folder
         * @return this builder
         */
        public Builder traceDir(Path dir) {
            this.traceDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * How long, in real time, a process may hold the scheduler before the run is failed as blocked
         * outside the engine (default 10 s).
         *
         * @param stall positive
         * @return this builder
         */
        public Builder stallTimeout(Duration stall) {
            Objects.requireNonNull(stall, "stall");
            if (stall.isNegative() || stall.isZero()) {
                throw new IllegalArgumentException("stallTimeout must be positive, got " + stall);
            }
            this.stall = stall;
            return this;
        }

        /** {@return the explorer} */
        public Explorer build() {
            if (pctDepth != 3 && strategy != StrategyKind.PCT) {
                throw new IllegalArgumentException(
                        "pctDepth applies to the PCT strategy only; set strategy(StrategyKind.PCT) or drop pctDepth");
            }
            return new Explorer(this);
        }
    }
}
