package org.otp4j.supervisor;

import java.time.Duration;

/**
 * Delayed restarts with exponential backoff and jitter (SV10; beyond OTP, after Pekko's {@code
 * BackoffSupervisor}).
 *
 * <p>The n-th consecutive restart of a child (n counted from 0) waits {@code min(max, min * 2^n) * (1 +
 * r * randomFactor)}, where {@code r} in [0, 1) is drawn deterministically from {@link #seed()} and a
 * per-supervisor counter (a SplitMix64 step), so a run under a controlled scheduler replays exactly. A
 * child that ran for at least {@link #resetAfter()} before it ended starts again from n = 0. While it
 * waits, {@link Supervisor#whichChildren} shows it as {@link ChildInfo.Restarting}. The restart
 * intensity still applies: every restart-worthy exit counts when it happens.
 *
 * @param min the first delay, positive
 * @param max the cap of the exponential part, at least {@code min}
 * @param randomFactor the jitter, in [0, 1]: up to this fraction is added to each delay
 * @param resetAfter how long a child must run for its backoff to start over, positive
 * @param seed the jitter's seed
 */
public record Backoff(Duration min, Duration max, double randomFactor, Duration resetAfter, long seed) {
    /** Checks the components. */
    public Backoff {
        if (min == null || max == null || resetAfter == null) {
            throw new IllegalArgumentException("bad backoff: min, max and resetAfter must not be null");
        }
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("bad backoff: min must be positive, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("bad backoff: max " + max + " is less than min " + min);
        }
        if (!(randomFactor >= 0.0 && randomFactor <= 1.0)) {
            throw new IllegalArgumentException("bad backoff: randomFactor must be in [0, 1], got " + randomFactor);
        }
        if (resetAfter.isNegative() || resetAfter.isZero()) {
            throw new IllegalArgumentException("bad backoff: resetAfter must be positive, got " + resetAfter);
        }
        Duration longest = Duration.ofDays(365L * 100); // beyond it, nanosecond deadlines would overflow
        if (max.compareTo(longest) > 0 || resetAfter.compareTo(longest) > 0) {
            throw new IllegalArgumentException("bad backoff: max " + max + " and resetAfter " + resetAfter
                    + " must not exceed " + longest.toDays() + " days");
        }
    }

    /**
     * Exponential backoff from {@code min} to {@code max} with jitter; resets after a child ran for
     * {@code max}; seed 0.
     *
     * @param min the first delay
     * @param max the cap
     * @param randomFactor the jitter, in [0, 1]
     * @return the backoff
     */
    public static Backoff exponential(Duration min, Duration max, double randomFactor) {
        return new Backoff(min, max, randomFactor, max, 0L);
    }

    /**
     * A copy with another quiet period.
     *
     * @param quiet how long a child must run for its backoff to start over
     * @return the copy
     */
    public Backoff withResetAfter(Duration quiet) {
        return new Backoff(min, max, randomFactor, quiet, seed);
    }

    /**
     * A copy with another jitter seed.
     *
     * @param newSeed the seed
     * @return the copy
     */
    public Backoff withSeed(long newSeed) {
        return new Backoff(min, max, randomFactor, resetAfter, newSeed);
    }

    /**
     * The delay before restart number {@code attempt} (from 0), for the jitter draw {@code draw}.
     *
     * @param attempt how many restarts in a row came before
     * @param draw the jitter counter
     * @return the delay
     */
    Duration delay(int attempt, long draw) {
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        long base = attempt >= 62 || minNanos > (maxNanos >> Math.min(attempt, 62)) ? maxNanos : minNanos << attempt;
        base = Math.min(base, maxNanos);
        double jitter = randomFactor * unit(seed, draw);
        return Duration.ofNanos(base + (long) (base * jitter));
    }

    /** A uniform double in [0, 1) from a seed and a counter: one SplitMix64 step. */
    static double unit(long seed, long counter) {
        long z = seed + (counter + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
