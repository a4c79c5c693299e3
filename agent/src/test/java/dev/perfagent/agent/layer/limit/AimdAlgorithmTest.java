package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** AIMD's and the fixed limit's update rules against values worked out by hand from Netflix's formulas. */
class AimdAlgorithmTest {
    private static final long MS = 1_000_000;

    private final AimdAlgorithm algorithm =
            new AimdAlgorithm(new AimdSettings(20, 10, 22, 0.9, Duration.ofSeconds(5)));

    @Test
    void addsOneWhileBusyAndBacksOffOnDropsAndTimeouts() {
        assertEquals(21, algorithm.update(MS, 10, false), "10 * 2 >= 20: +1");
        assertEquals(21, algorithm.update(MS, 10, false), "10 * 2 < 21: application-limited");
        assertEquals(18, algorithm.update(MS, 10, true), "floor(21 * 0.9) = 18");
        assertEquals(16, algorithm.update(5001 * MS, 18, false), "slower than the timeout: floor(18 * 0.9) = 16");
        assertEquals(17, algorithm.update(5000 * MS, 18, false), "exactly the timeout is not a drop");
    }

    @Test
    void staysWithinMinAndMax() {
        algorithm.update(MS, 20, false);
        algorithm.update(MS, 20, false);
        assertEquals(22, algorithm.update(MS, 20, false), "capped at max-limit");
        for (int i = 0; i < 10; i++) {
            algorithm.update(MS, 1, true);
        }
        assertEquals(10, algorithm.limit(), "floored at min-limit");
    }

    @Test
    void aFixedLimitNeverMoves() {
        LimitAlgorithm fixed = new FixedSettings(7).create();
        assertFalse(fixed.adaptive());
        assertEquals(7, fixed.update(MS, 7, true));
        assertEquals(7, fixed.update(10_000 * MS, 100, false));
        assertEquals(7, fixed.limit());
    }
}
