package org.otp4j.testkit;

/**
 * How an exploration chooses among the enabled events of a schedule.
 *
 * <p>Every strategy is seeded: a schedule is a function of its seed, so any failure replays exactly.
 */
public enum StrategyKind {
    /** Each enabled event with equal probability: cheap, and good at shallow bugs. */
    RANDOM_WALK,
    /**
     * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random priorities per process
     * and per channel, lowered at {@code depth - 1} random points; finds a bug of depth d with a known
     * probability.
     */
    PCT,
    /**
     * Partial-order sampling (Yuan et al., CAV 2018): random priorities per event, re-drawn for the events
     * that race with the one just run (same receiver), which samples orderings of racing events more
     * evenly than a random walk.
     */
    POS,
    /** Rotates through random walk, PCT with depth 2 and 3, and POS, one schedule each. */
    PORTFOLIO
}
