package dev.perfagent.agent.layer.rate;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.time.DurationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How fast calls of one site may start: {@code permits} per {@code per}, evenly spaced, with room for
 * {@code burst} extra calls at once, and what happens to a call that comes too early.
 *
 * <p>The limiter ({@link GcraLimiter}) keeps time in whole nanoseconds: the emission interval is
 * {@code per / permits} rounded <em>up</em>, so the rate enforced is never above the one configured.
 * Settings for which that rounding would lower the rate by more than {@link #MAX_ROUNDING} (possible only
 * above a million permits per second) are refused rather than silently changed.
 *
 * @param permits     calls per {@code per} in the steady state; at least 1
 * @param per         the period {@code permits} are counted over; positive
 * @param burst       how many calls may arrive at once above the steady rate: an idle limiter admits
 *                    {@code burst + 1} calls at the same instant; at least 0
 * @param whenLimited refuse a call that comes too early, or let it wait for its turn
 * @param maxWait     with {@link WhenLimited#WAIT}, the longest a call may wait for its turn (present
 *                    exactly then)
 */
public record RateLimitSettings(int permits, Duration per, int burst, WhenLimited whenLimited,
                                Optional<Duration> maxWait) {

    /** The largest relative loss of rate the whole-nanosecond interval may cause: 0.1%. */
    public static final double MAX_ROUNDING = 0.001;

    /**
     * The longest span the limiter's clock arithmetic accepts for {@code (burst + 1) × interval} and for
     * {@code max-wait}: a quarter of the {@code long} nanosecond range (about 73 years), so differences of
     * clock readings never overflow.
     */
    public static final long MAX_SPAN_NANOS = Long.MAX_VALUE / 4;

    /** Checks every invariant; the config parser reports the same problems at their keys first. */
    public RateLimitSettings {
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(whenLimited, "whenLimited");
        Objects.requireNonNull(maxWait, "maxWait");
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        if (per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("per must be positive: " + per);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be at least 0: " + burst);
        }
        if (maxWait.isPresent() != (whenLimited == WhenLimited.WAIT)) {
            throw new IllegalArgumentException("maxWait is needed with WAIT and only then: " + whenLimited
                    + ", " + maxWait);
        }
        if (maxWait.isPresent() && (maxWait.get().isZero() || maxWait.get().isNegative()
                || maxWait.get().compareTo(Duration.ofNanos(MAX_SPAN_NANOS)) > 0)) {
            throw new IllegalArgumentException("maxWait must be positive and at most " + MAX_SPAN_NANOS + "ns: "
                    + maxWait.get());
        }
        intervalProblem(permits, per).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        spanProblem(permits, per, burst).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** {@code permits} per {@code per} with room for {@code burst}, refusing calls that come too early. */
    public static RateLimitSettings rejecting(int permits, Duration per, int burst) {
        return new RateLimitSettings(permits, per, burst, WhenLimited.REJECT, Optional.empty());
    }

    /** {@code permits} per {@code per} with room for {@code burst}, letting calls wait up to {@code maxWait}. */
    public static RateLimitSettings waiting(int permits, Duration per, int burst, Duration maxWait) {
        return new RateLimitSettings(permits, per, burst, WhenLimited.WAIT, Optional.of(maxWait));
    }

    /** The emission interval T: {@code per / permits} in nanoseconds, rounded up. */
    public long intervalNanos() {
        return interval(permits, per);
    }

    /** The burst tolerance τ = burst × T: how far ahead of the clock the schedule may run. */
    public long toleranceNanos() {
        return burst * intervalNanos();
    }

    /** {@code max-wait} in nanoseconds; 0 with {@link WhenLimited#REJECT}. */
    public long maxWaitNanos() {
        return maxWait.map(Duration::toNanos).orElse(0L);
    }

    /** The rate the limiter enforces, in calls per second (the configured one, to within 0.1%). */
    public double enforcedRatePerSecond() {
        return 1e9 / intervalNanos();
    }

    /**
     * One line for {@code /status}: {@code 100/1s burst 20 reject}, {@code 5/1s burst 0 wait max-wait 100ms}.
     */
    public String describe() {
        return rate() + " burst " + burst + " " + (whenLimited == WhenLimited.WAIT
                ? "wait max-wait " + format(maxWait.orElseThrow()) : "reject");
    }

    /** The rate as configured: {@code 100/1s}. */
    public String rate() {
        return permits + "/" + format(per);
    }

    /**
     * Why {@code per / permits} cannot be kept in whole nanoseconds to within {@link #MAX_ROUNDING}, or
     * empty when it can.
     */
    public static Optional<String> intervalProblem(int permits, Duration per) {
        long perNanos = per.toNanos();
        long interval = interval(permits, per);
        double loss = 1.0 - (double) perNanos / ((double) interval * permits);
        if (loss <= MAX_ROUNDING) {
            return Optional.empty();
        }
        return Optional.of(permits + " per " + format(per) + " is one call every "
                + String.format(Locale.ROOT, "%.3g", (double) perNanos / permits)
                + "ns, which whole nanoseconds cannot hold to within 0.1% (the limiter would allow "
                + String.format(Locale.ROOT, "%.0f", (double) perNanos / interval) + " per " + format(per)
                + "); use fewer permits or a longer per (one call every 1us or more always fits)");
    }

    /** Why {@code (burst + 1) × interval} is too long for the limiter's clock arithmetic, or empty. */
    public static Optional<String> spanProblem(int permits, Duration per, int burst) {
        long interval = interval(permits, per);
        if (interval <= MAX_SPAN_NANOS / ((long) burst + 1)) {
            return Optional.empty();
        }
        return Optional.of("burst " + burst + " at " + permits + " per " + format(per)
                + " lets the schedule run more than 73 years ahead; use a smaller burst");
    }

    private static long interval(int permits, Duration per) {
        long perNanos = per.toNanos();
        // Rounded up: the limiter may be a hair slower than configured, never faster.
        return perNanos / permits + (perNanos % permits == 0 ? 0 : 1);
    }

    /** The shortest exact form: {@code 1s}, {@code 1500ms}, {@code 250ns}. */
    static String format(Duration duration) {
        return DurationText.format(duration);
    }
}
