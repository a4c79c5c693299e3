package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adaptive algorithms against a service that can take 20 calls at once (10 ms each) and slows down past that,
 * loaded at 1.5 and 3 times what it can serve: each must hold the limit near the capacity, neither starving the
 * service nor running away to its max-limit.
 */
class LimitConvergenceTest {
    private static final int CAPACITY = 20;
    private static final long BASE_NANOS = Duration.ofMillis(10).toNanos();
    /** Calls per second the service completes at its capacity. */
    private static final double THROUGHPUT = CAPACITY * 1e9 / BASE_NANOS;

    private static OverloadedService.Run run(LimitAlgorithmSettings algorithm, double exponent, double overload,
                                             long seed) {
        return new OverloadedService(CAPACITY, BASE_NANOS, exponent, overload * THROUGHPUT, seed)
                .run(LimiterSettings.rejecting(algorithm), 60, 15);
    }

    private static void assertSettlesNearCapacity(OverloadedService.Run run) {
        assertTrue(run.meanLimit() >= 0.75 * CAPACITY && run.meanLimit() <= 2 * CAPACITY,
                "mean limit " + run.meanLimit() + " should lie within [15, 40]: " + run);
        assertTrue(run.maxLimit() <= 4 * CAPACITY, "the limit ran away: " + run);
        assertTrue(run.inBand() >= 0.75, "the limit should stay within [10, 60] 75% of the time: " + run);
        assertTrue(run.admitted() >= 0.4 * THROUGHPUT, "the service was starved: " + run);
    }

    @ParameterizedTest(name = "overload x{0}")
    @ValueSource(doubles = {1.5, 3})
    void gradient2WithNetflixDefaultsSettlesNearTheCapacity(double overload) {
        for (long seed = 1; seed <= 3; seed++) {
            assertSettlesNearCapacity(run(Gradient2Settings.DEFAULTS, 2, overload, seed));
        }
    }

    @ParameterizedTest(name = "overload x{0}")
    @ValueSource(doubles = {1.5, 3})
    void vegasWithNetflixDefaultsSettlesNearTheCapacity(double overload) {
        for (long seed = 1; seed <= 3; seed++) {
            assertSettlesNearCapacity(run(VegasSettings.DEFAULTS, 2, overload, seed));
        }
    }

    @ParameterizedTest(name = "overload x{0}")
    @ValueSource(doubles = {1.5, 3})
    void aimdSettlesWhereLatencyReachesItsTimeout(double overload) {
        // Loss-based: it needs a timeout the service's latency can reach (twice the no-load latency here).
        AimdSettings aimd = new AimdSettings(20, 10, 200, 0.9, Duration.ofMillis(20));
        for (long seed = 1; seed <= 3; seed++) {
            assertSettlesNearCapacity(run(aimd, 2, overload, seed));
        }
    }

    @ParameterizedTest(name = "overload x{0}")
    @ValueSource(doubles = {1.5, 3})
    void vegasAlsoHoldsAgainstPlainQueueing(double overload) {
        assertSettlesNearCapacity(run(VegasSettings.DEFAULTS, 1, overload, 1));
    }

    /**
     * A property of Netflix's gradient2 that the port keeps (concurrency-limits issue #137): it reacts to changes in
     * latency, not to its level, so under a steady overload whose latency only grows as the queue does, the long-term
     * RTT catches up with the short one and the limit climbs to max-limit. Vegas, which keeps the no-load RTT, holds.
     */
    @org.junit.jupiter.api.Test
    void gradient2ClimbsToMaxLimitUnderSteadyPlainQueueing() {
        OverloadedService.Run run = run(Gradient2Settings.DEFAULTS, 1, 1.5, 1);
        assertEquals(Gradient2Settings.DEFAULTS.maxLimit(), (int) Math.round(run.meanLimit()), run.toString());
    }
}
