package dev.perfagent.agent.profile;

import java.time.Duration;

/**
 * Keeps the profiler under its overhead budget: after a window whose profiling cost more than
 * {@code max-overhead} of the process's CPU time, the sampling interval doubles (up to 16 times the
 * configured one, and never past 1s); after a window well below it (under a quarter of the budget) it
 * halves again, never below the configured interval. A process that was nearly idle in the window
 * (under 5% of one core) neither backs off nor steps down: a large share of almost nothing is no
 * reason to sample less. Pure: time and costs come in as numbers.
 */
final class OverheadControl {

    /** How far the interval may grow, as a multiple of the configured one. */
    static final int MAX_FACTOR = 16;
    private static final Duration CEILING = Duration.ofSeconds(1);
    private static final double IDLE_SHARE_OF_ONE_CORE = 0.05;

    /** Which way a decision moved the interval. */
    enum Direction { BACK_OFF, STEP_DOWN, HOLD }

    /** The interval for the next window and how it changed. */
    record Step(Duration interval, Direction direction) {
    }

    private final Duration base;
    private final Duration cap;
    private final double maxPercent;

    /**
     * @param base       the configured interval
     * @param maxPercent the overhead budget in percent of process CPU time
     */
    OverheadControl(Duration base, double maxPercent) {
        this.base = base;
        Duration grown = base.multipliedBy(MAX_FACTOR);
        this.cap = grown.compareTo(CEILING) > 0 ? (base.compareTo(CEILING) > 0 ? base : CEILING) : grown;
        this.maxPercent = maxPercent;
    }

    /** The largest interval back-off reaches. */
    Duration cap() {
        return cap;
    }

    /** The interval after a window that cost {@code cost} while sampling at {@code current}. */
    Step next(Duration current, OverheadMeter.WindowCost cost) {
        if (cost.processCpuNanos() < IDLE_SHARE_OF_ONE_CORE * cost.wallNanos()) {
            return new Step(current, Direction.HOLD);
        }
        double percent = cost.percent();
        if (percent > maxPercent && current.compareTo(cap) < 0) {
            Duration doubled = current.multipliedBy(2);
            return new Step(doubled.compareTo(cap) > 0 ? cap : doubled, Direction.BACK_OFF);
        }
        if (percent < maxPercent / 4 && current.compareTo(base) > 0) {
            Duration halved = current.dividedBy(2);
            return new Step(halved.compareTo(base) < 0 ? base : halved, Direction.STEP_DOWN);
        }
        return new Step(current, Direction.HOLD);
    }
}
