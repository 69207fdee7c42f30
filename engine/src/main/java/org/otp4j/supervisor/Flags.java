package org.otp4j.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervisor's flags: OTP's {@code sup_flags} plus the dynamic supervisor's options and the restart
 * backoff. Immutable; each method returns a changed copy.
 *
 * <p>Defaults: {@link Strategy#ONE_FOR_ONE}, intensity 3 within a period of 5 seconds (Elixir's
 * defaults), {@link AutoShutdown#NEVER}, no backoff, no limit on children, no extra arguments. {@code
 * maxChildren} and {@code extraArguments} apply to a {@link DynamicSupervisor} only.
 *
 * @param strategy how children are restarted
 * @param intensity how many restarts are allowed within {@code period} (0: none)
 * @param period the window of the restart intensity
 * @param autoShutdown whether significant children ending shut the supervisor down
 * @param backoff delayed restarts, if any
 * @param maxChildren a dynamic supervisor's limit on children ({@code Integer.MAX_VALUE}: none)
 * @param extraArguments what a dynamic supervisor hands to each child's start function
 */
public record Flags(
        Strategy strategy,
        int intensity,
        Duration period,
        AutoShutdown autoShutdown,
        Optional<Backoff> backoff,
        int maxChildren,
        List<Object> extraArguments) {

    /** The default restart intensity: 3. */
    public static final int DEFAULT_INTENSITY = 3;

    /** The default intensity period: 5 seconds. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    /** Checks the components. */
    public Flags {
        if (strategy == null) {
            throw new IllegalArgumentException("bad supervisor flags: the strategy must not be null");
        }
        if (intensity < 0) {
            throw new IllegalArgumentException("bad supervisor flags: intensity must be >= 0, got " + intensity);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("bad supervisor flags: period must be positive, got " + period);
        }
        if (period.compareTo(Duration.ofDays(365L * 100)) > 0) {
            throw new IllegalArgumentException("bad supervisor flags: period " + period + " exceeds 36500 days");
        }
        if (autoShutdown == null) {
            throw new IllegalArgumentException("bad supervisor flags: autoShutdown must not be null");
        }
        Objects.requireNonNull(backoff, "backoff");
        if (maxChildren < 0) {
            throw new IllegalArgumentException("bad supervisor flags: maxChildren must be >= 0, got " + maxChildren);
        }
        if (extraArguments == null) {
            throw new IllegalArgumentException("bad supervisor flags: extraArguments must not be null");
        }
        extraArguments = List.copyOf(extraArguments);
    }

    /** {@return the default flags: one for one, 3 restarts in 5 seconds} */
    public static Flags oneForOne() {
        return new Flags(
                Strategy.ONE_FOR_ONE,
                DEFAULT_INTENSITY,
                DEFAULT_PERIOD,
                AutoShutdown.NEVER,
                Optional.empty(),
                Integer.MAX_VALUE,
                List.of());
    }

    /** {@return the defaults with {@link Strategy#ONE_FOR_ALL}} */
    public static Flags oneForAll() {
        return oneForOne().withStrategy(Strategy.ONE_FOR_ALL);
    }

    /** {@return the defaults with {@link Strategy#REST_FOR_ONE}} */
    public static Flags restForOne() {
        return oneForOne().withStrategy(Strategy.REST_FOR_ONE);
    }

    /**
     * A copy with another strategy.
     *
     * @param newStrategy the strategy
     * @return the copy
     */
    public Flags withStrategy(Strategy newStrategy) {
        return new Flags(newStrategy, intensity, period, autoShutdown, backoff, maxChildren, extraArguments);
    }

    /**
     * A copy with another restart intensity: at most {@code restarts} restarts within {@code within}.
     *
     * @param restarts MaxR, at least 0
     * @param within MaxT, positive
     * @return the copy
     */
    public Flags withIntensity(int restarts, Duration within) {
        return new Flags(strategy, restarts, within, autoShutdown, backoff, maxChildren, extraArguments);
    }

    /**
     * A copy with another auto shutdown.
     *
     * @param mode never, any significant, all significant
     * @return the copy
     */
    public Flags withAutoShutdown(AutoShutdown mode) {
        return new Flags(strategy, intensity, period, mode, backoff, maxChildren, extraArguments);
    }

    /**
     * A copy with delayed restarts (SV10).
     *
     * @param restartBackoff the backoff
     * @return the copy
     */
    public Flags withBackoff(Backoff restartBackoff) {
        if (restartBackoff == null) {
            throw new IllegalArgumentException("bad supervisor flags: the backoff must not be null");
        }
        return new Flags(
                strategy, intensity, period, autoShutdown, Optional.of(restartBackoff), maxChildren, extraArguments);
    }

    /**
     * A copy with a limit on a dynamic supervisor's children (SV9).
     *
     * @param limit at least 0
     * @return the copy
     */
    public Flags withMaxChildren(int limit) {
        return new Flags(strategy, intensity, period, autoShutdown, backoff, limit, extraArguments);
    }

    /**
     * A copy with extra arguments for a dynamic supervisor's children (SV9).
     *
     * @param arguments handed, in order, to each child's {@link ChildStart.WithArguments}
     * @return the copy
     */
    public Flags withExtraArguments(List<?> arguments) {
        if (arguments == null) {
            throw new IllegalArgumentException("bad supervisor flags: extraArguments must not be null");
        }
        return new Flags(
                strategy, intensity, period, autoShutdown, backoff, maxChildren, List.<Object>copyOf(arguments));
    }
}
