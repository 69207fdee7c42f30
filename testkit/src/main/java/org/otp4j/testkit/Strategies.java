package org.otp4j.testkit;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.otp4j.internal.sched.ControlledScheduler.Choice;
import org.otp4j.internal.sched.ControlledScheduler.Strategy;

/** The seeded strategies behind {@link StrategyKind}. */
final class Strategies {
    private Strategies() {}

    /** The strategy a schedule of an exploration uses. */
    static String nameFor(StrategyKind kind, int pctDepth, long schedule) {
        return switch (kind) {
            case RANDOM_WALK -> "random";
            case PCT -> "pct" + pctDepth;
            case POS -> "pos";
            case PORTFOLIO ->
                switch ((int) (schedule % 4)) {
                    case 0 -> "random";
                    case 1 -> "pct2";
                    case 2 -> "pct3";
                    default -> "pos";
                };
        };
    }

    /**
     * Makes a strategy from its name ({@code random}, {@code pctN}, {@code pos}).
     *
     * @param name the strategy's name, as in a replay line
     * @param seed its seed
     * @param expectedSteps an estimate of the schedule's length, for PCT's change points
     */
    static Strategy create(String name, long seed, long expectedSteps) {
        if (name.equals("random")) {
            SplittableRandom r = new SplittableRandom(seed);
            return enabled -> r.nextInt(enabled.size());
        }
        if (name.equals("pos")) {
            return new Pos(seed);
        }
        if (name.startsWith("pct")) {
            int depth;
            try {
                depth = Integer.parseInt(name.substring(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad strategy '" + name + "': pct needs a depth, as in pct3");
            }
            if (depth < 1) {
                throw new IllegalArgumentException("bad strategy '" + name + "': the PCT depth must be at least 1");
            }
            return new Pct(seed, depth, Math.max(1, expectedSteps));
        }
        throw new IllegalArgumentException(
                "unknown strategy '" + name + "': expected random, pct<depth> (as in pct3) or pos");
    }

    /** PCT: highest priority first; d-1 change points demote whoever would run there. */
    static final class Pct implements Strategy {
        private final SplittableRandom random;
        private final Map<Choice, Long> priority = new IdentityHashMap<>();
        private final long[] changePoints;
        private long step;
        private long next = Long.MAX_VALUE / 2; // fresh priorities count down from here

        Pct(long seed, int depth, long expectedSteps) {
            random = new SplittableRandom(seed);
            changePoints = new long[depth - 1];
            for (int i = 0; i < changePoints.length; i++) {
                changePoints[i] = 1 + random.nextLong(expectedSteps);
            }
        }

        @Override
        public int choose(List<Choice> enabled) {
            step++;
            int best = -1;
            long bestPriority = Long.MIN_VALUE;
            for (int i = 0; i < enabled.size(); i++) {
                long p = priority.computeIfAbsent(enabled.get(i), c -> next - random.nextLong(1L << 40));
                if (p > bestPriority) {
                    bestPriority = p;
                    best = i;
                }
            }
            for (int i = 0; i < changePoints.length; i++) {
                if (changePoints[i] == step) {
                    priority.put(enabled.get(best), (long) i); // below every fresh priority
                    return choose(enabled, best);
                }
            }
            return best;
        }

        /** Re-chooses after a demotion, without counting a step. */
        private int choose(List<Choice> enabled, int demoted) {
            int best = demoted;
            long bestPriority = Long.MIN_VALUE;
            for (int i = 0; i < enabled.size(); i++) {
                long p = priority.get(enabled.get(i));
                if (p > bestPriority) {
                    bestPriority = p;
                    best = i;
                }
            }
            return best;
        }
    }

    /** POS: random priority per event; the chosen event and those racing with it draw anew. */
    static final class Pos implements Strategy {
        private final SplittableRandom random;
        private final Map<Choice, Double> priority = new IdentityHashMap<>();

        Pos(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public int choose(List<Choice> enabled) {
            int best = 0;
            double bestPriority = -1;
            for (int i = 0; i < enabled.size(); i++) {
                double p = priority.computeIfAbsent(enabled.get(i), c -> random.nextDouble());
                if (p > bestPriority) {
                    bestPriority = p;
                    best = i;
                }
            }
            Choice chosen = enabled.get(best);
            for (Choice c : enabled) {
                if (c == chosen || (c.target() != null && c.target().equals(chosen.target()))) {
                    priority.put(c, random.nextDouble()); // its next event, and the ones it raced with
                }
            }
            return best;
        }
    }
}
