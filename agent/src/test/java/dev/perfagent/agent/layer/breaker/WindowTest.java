package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two sliding windows and the packing they rely on. */
class WindowTest {
    private static final Thresholds NEVER = new Thresholds(Integer.MAX_VALUE, 100, 100);

    @Test
    void timeBucketsAreAHundredthOfTheWindowAtMostOneSecond() {
        assertBuckets(Duration.ofSeconds(10), Duration.ofMillis(100), 100);
        assertBuckets(Duration.ofSeconds(1), Duration.ofMillis(10), 100);
        assertBuckets(Duration.ofMillis(1), Duration.ofNanos(10_000), 100);
        assertBuckets(Duration.ofSeconds(100), Duration.ofSeconds(1), 100);
        assertBuckets(Duration.ofMinutes(5), Duration.ofSeconds(1), 300);
        assertBuckets(Duration.ofHours(1), Duration.ofSeconds(1), 3600);
    }

    private static void assertBuckets(Duration length, Duration width, int buckets) {
        TimeWindow window = new TimeWindow(length, NEVER, 0);
        assertEquals(width, window.bucketWidth(), length.toString());
        assertEquals(buckets, window.buckets(), length.toString());
    }

    @Test
    void timeWindowLengthsOutsideTheRuleAreRejected() {
        assertNull(WindowSpec.lengthProblem(Duration.ofSeconds(150)));
        assertEquals("a time window longer than 100s must be a whole number of seconds (it is kept in one-second"
                + " buckets)", WindowSpec.lengthProblem(Duration.ofMillis(150_500)));
        assertEquals("a time window must be at least 1ms", WindowSpec.lengthProblem(Duration.ofNanos(999_999)));
        assertEquals("a time window must be at most 1h", WindowSpec.lengthProblem(Duration.ofSeconds(3601)));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.count(WindowSpec.MAX_CALLS + 1));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.time(Duration.ofHours(2)));
    }

    @Test
    void aTimeWindowCountsACallUntilItsBucketLeaves() {
        long start = -5_000_000_000L; // a negative clock, as System.nanoTime may be
        TimeWindow window = new TimeWindow(Duration.ofSeconds(1), NEVER, start);
        window.record(start + 15_000_000, true, false); // bucket start+10ms .. start+20ms
        assertEquals(new WindowSnapshot(1, 1, 0), window.snapshot(start + 1_009_999_999));
        assertEquals(WindowSnapshot.EMPTY, window.snapshot(start + 1_010_000_000));
        window.record(start + 1_500_000_000, false, true);
        window.record(start + 1_600_000_000, false, false);
        assertEquals(new WindowSnapshot(2, 0, 1), window.snapshot(start + 2_400_000_000L));
        assertEquals(WindowSnapshot.EMPTY, window.snapshot(start + 60_000_000_000L), "after a long quiet spell");
        window.record(start + 60_000_000_001L, true, true);
        assertEquals(new WindowSnapshot(1, 1, 1), window.snapshot(start + 60_000_000_001L));
    }

    @Test
    void theCountWindowJudgesEveryCallOnceItHoldsTheMinimum() {
        CountWindow window = new CountWindow(3, new Thresholds(3, 50, 100));
        assertEquals(0, window.record(0, true, false));
        assertEquals(0, window.record(0, true, true), "two calls: below the minimum");
        assertEquals(Thresholds.FAILURE_RATE, window.record(0, false, true));
        assertEquals(Thresholds.FAILURE_RATE, window.record(0, true, false), "evicts the first failure: still 2 of 3");
        assertEquals(0, window.record(0, false, true), "evicts the slow failure: 1 failure, 2 slow of 3");
        assertEquals(0, window.record(0, false, true));
        assertEquals(Thresholds.SLOW_CALL_RATE, window.record(0, false, true), "3 slow of 3");
        assertEquals(new WindowSnapshot(3, 0, 3), window.snapshot(0));
    }

    @Test
    void aFullWindowOfSuccessesKeepsTheLastCallsExactlyThoughSuccessesOnlyReadIt() {
        CountWindow window = new CountWindow(4, new Thresholds(2, 50, 100));
        for (int i = 0; i < 4 + 1000; i++) {
            assertEquals(0, window.record(i, false, false));
        }
        assertEquals(new WindowSnapshot(4, 0, 0), window.snapshot(0));
        // A failure is one of the last four calls for exactly the three calls after it.
        assertEquals(0, window.record(0, true, false));
        for (int i = 0; i < 3; i++) {
            window.record(0, false, false);
            assertEquals(new WindowSnapshot(4, 1, 0), window.snapshot(0), "after " + (i + 1) + " successes");
        }
        window.record(0, false, false);
        assertEquals(new WindowSnapshot(4, 0, 0), window.snapshot(0));
        // A slow success is no plain success: it goes in; four of four reach the 100% slow-call rate.
        window.record(0, false, true);
        window.record(0, false, true);
        window.record(0, false, true);
        assertEquals(Thresholds.SLOW_CALL_RATE, window.record(0, false, true));
        assertEquals(new WindowSnapshot(4, 0, 4), window.snapshot(0));
    }

    @Test
    void packedCountsDecodeFieldsThatAreBrieflyNegative() {
        long counts = 5 * WindowCounts.CALL + 2 * WindowCounts.FAILURE + 3 * WindowCounts.SLOW;
        assertEquals(5, WindowCounts.calls(counts));
        assertEquals(2, WindowCounts.failures(counts));
        assertEquals(3, WindowCounts.slow(counts));
        assertTrue(WindowCounts.consistent(counts));

        // A racing thread subtracted an evicted slow failure before its owner added it.
        long racing = counts - WindowCounts.of(true, true) - WindowCounts.of(true, true) - WindowCounts.of(true, true);
        assertEquals(2, WindowCounts.calls(racing));
        assertEquals(-1, WindowCounts.failures(racing));
        assertEquals(0, WindowCounts.slow(racing));
        assertFalse(WindowCounts.consistent(racing));
        long repaired = racing + WindowCounts.of(true, false);
        assertEquals(3, WindowCounts.calls(repaired));
        assertEquals(0, WindowCounts.failures(repaired));
        assertTrue(WindowCounts.consistent(repaired));

        long full = WindowSpec.MAX_CALLS * WindowCounts.of(true, true);
        assertEquals(WindowSpec.MAX_CALLS, WindowCounts.calls(full));
        assertEquals(WindowSpec.MAX_CALLS, WindowCounts.failures(full));
        assertEquals(WindowSpec.MAX_CALLS, WindowCounts.slow(full));
    }
}
