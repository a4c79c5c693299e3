package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedBatchPolicyTest {
    private static final long NOW = 7_000_000_000L;

    @Test
    void waitsExactlyItsDelayFromTheOldestCall() {
        FixedBatchPolicy policy = new FixedBatchPolicy(32, Duration.ofMillis(5));
        assertEquals(5_000_000, policy.waitNanos(1, NOW, NOW));
        assertEquals(2_000_000, policy.waitNanos(3, NOW - 3_000_000, NOW));
        assertEquals(1, policy.waitNanos(31, NOW - 4_999_999, NOW));
        assertEquals(0, policy.waitNanos(31, NOW - 5_000_000, NOW));
        assertEquals(0, policy.waitNanos(1, NOW - 60_000_000, NOW));
    }

    @Test
    void aFullBatchRunsAtOnce() {
        FixedBatchPolicy policy = new FixedBatchPolicy(32, Duration.ofMillis(100));
        assertEquals(0, policy.waitNanos(32, NOW, NOW));
        assertEquals(0, policy.waitNanos(40, NOW, NOW));
    }

    @Test
    void zeroDelayIsTritonsDefault() {
        FixedBatchPolicy policy = new FixedBatchPolicy(64, Duration.ZERO);
        assertEquals(0, policy.waitNanos(1, NOW, NOW));
        assertEquals(64, policy.cap());
    }

    @Test
    void neverShedsAndLearnsNothing() {
        FixedBatchPolicy policy = new FixedBatchPolicy(8, Duration.ofMillis(1));
        for (int i = 0; i < 100; i++) {
            policy.arrived(NOW + i);
            policy.batchDone(8, 1_000_000_000, NOW + i);
            policy.callDone(10_000_000_000L, NOW + i);
        }
        assertFalse(policy.shed(1_000_000, 8, NOW));
        assertEquals(8, policy.cap());
        assertEquals(1_000_000, policy.waitNanos(1, NOW, NOW));
    }

    @Test
    void aClockThatReadsBeforeTheOldestArrivalWaitsTheWholeDelay() {
        // Callers read the clock on their own threads; the leader's "now" may trail the oldest arrival slightly.
        FixedBatchPolicy policy = new FixedBatchPolicy(8, Duration.ofMillis(1));
        assertEquals(1_000_000, policy.waitNanos(1, NOW + 500, NOW));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new FixedBatchPolicy(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FixedBatchPolicy(4, Duration.ofMillis(-1)));
    }
}
