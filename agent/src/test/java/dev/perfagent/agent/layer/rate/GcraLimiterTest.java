package dev.perfagent.agent.layer.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The algorithm alone, against theoretical arrival times computed by hand. Every sequence runs from several
 * clock origins, the last ones so close to the ends of the {@code long} range that the readings wrap
 * around during the test: only differences of readings may matter.
 */
class GcraLimiterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** 10 per second (T = 100 ms) with a burst of 2 (τ = 200 ms). */
    @ParameterizedTest(name = "origin {0}")
    @ValueSource(longs = {0L, 5_000_000_000L, Long.MAX_VALUE - 150 * 1_000_000L, Long.MIN_VALUE})
    void admitsAgainstTheHandComputedSchedule(long origin) {
        GcraLimiter limiter = new GcraLimiter(100 * MS, 200 * MS, origin);
        // Idle: burst + 1 = 3 calls conform at once; TAT moves on by T each time.
        assertAdmitted(limiter, origin, 0, 100);
        assertAdmitted(limiter, origin, 0, 200);
        assertAdmitted(limiter, origin, 0, 300);
        // TAT − τ = 100 ms > t: refused, TAT unchanged.
        assertRefused(limiter, origin, 0, 300);
        assertRefused(limiter, origin, 50, 300);
        assertRefused(limiter, origin, 99, 300);
        // t = TAT − τ exactly conforms.
        assertAdmitted(limiter, origin, 100, 400);
        // t = 350 ≥ TAT − τ = 200: TAT' = max(400, 350) + 100.
        assertAdmitted(limiter, origin, 350, 500);
        // Idle again: TAT' = max(500, 1000) + 100, the burst is back.
        assertAdmitted(limiter, origin, 1000, 1100);
        assertAdmitted(limiter, origin, 1000, 1200);
        assertAdmitted(limiter, origin, 1000, 1300);
        assertRefused(limiter, origin, 1000, 1300);
    }

    @ParameterizedTest(name = "origin {0}")
    @ValueSource(longs = {0L, Long.MAX_VALUE - 150 * 1_000_000L})
    void waitsAreTheDistanceToTheSlotAndTooLongOnesTakeNothing(long origin) {
        GcraLimiter limiter = new GcraLimiter(100 * MS, 0, origin);
        assertEquals(0, limiter.acquire(origin, 250 * MS));
        assertEquals(100 * MS, limiter.acquire(origin, 250 * MS));
        assertEquals(200 * MS, limiter.acquire(origin, 250 * MS));
        assertEquals(origin + 300 * MS, limiter.theoreticalArrivalTime());
        // Its turn would be 300 ms away: refused, and the schedule is untouched.
        assertEquals(GcraLimiter.REFUSED, limiter.acquire(origin, 250 * MS));
        assertEquals(origin + 300 * MS, limiter.theoreticalArrivalTime());
        // So the next caller, 60 ms later, gets the slot at 300 ms, not at 400 ms.
        assertEquals(240 * MS, limiter.acquire(origin + 60 * MS, 250 * MS));
        assertEquals(origin + 400 * MS, limiter.theoreticalArrivalTime());
    }

    @Test
    void onlyTheLastSlotCanBeHandedBack() {
        GcraLimiter limiter = new GcraLimiter(100 * MS, 0, 0);
        limiter.acquire(0, 1000 * MS);
        long first = limiter.acquire(0, 1000 * MS);
        long second = limiter.acquire(10 * MS, 1000 * MS);
        assertEquals(100 * MS, first);
        assertEquals(190 * MS, second);
        assertEquals(300 * MS, limiter.theoreticalArrivalTime());
        // The first waiter's slot has the second's after it: moving it would squeeze two calls into one interval.
        assertFalse(limiter.giveBack(0, first));
        assertEquals(300 * MS, limiter.theoreticalArrivalTime());
        // The second's is the last: handing it back restores the schedule as if it had never come.
        assertTrue(limiter.giveBack(10 * MS, second));
        assertEquals(200 * MS, limiter.theoreticalArrivalTime());
        assertEquals(100 * MS, limiter.acquire(100 * MS, 1000 * MS));
    }

    @Test
    void availableCountsTheCallsThatWouldConformTogether() {
        GcraLimiter limiter = new GcraLimiter(100 * MS, 200 * MS, 0);
        assertEquals(3, limiter.available(0), "idle: burst + 1");
        assertEquals(3, limiter.available(5000 * MS), "an idle limiter does not save up more than its burst");
        limiter.acquire(0, 0);
        assertEquals(2, limiter.available(0));
        limiter.acquire(0, 0);
        limiter.acquire(0, 0);
        // TAT = 300: floor((t + 200 − 300) / 100) + 1.
        assertEquals(0, limiter.available(0));
        assertEquals(0, limiter.available(50 * MS), "floor, not truncation: (−50) / 100 rounds down to −1");
        assertEquals(0, limiter.available(99 * MS));
        assertEquals(1, limiter.available(100 * MS));
        assertEquals(2, limiter.available(250 * MS));
        assertEquals(3, limiter.available(300 * MS));
        assertEquals(3, limiter.available(10_000 * MS));
        // The count is what really conforms: take them all at 250 ms, the next is refused.
        assertEquals(0, limiter.acquire(250 * MS, 0));
        assertEquals(0, limiter.acquire(250 * MS, 0));
        assertEquals(GcraLimiter.REFUSED, limiter.acquire(250 * MS, 0));
        // Deep in debt (waiters booked far ahead): still 0, never negative.
        GcraLimiter booked = new GcraLimiter(100 * MS, 0, 0);
        for (int i = 0; i < 10; i++) {
            booked.acquire(0, 10_000 * MS);
        }
        assertEquals(0, booked.available(0));
        assertEquals(0, booked.available(900 * MS));
        assertEquals(1, booked.available(1000 * MS));
    }

    /**
     * A fixed-window counter of 10 per second admits 10 calls at the end of one window and 10 more at the start
     * of the next: 20 within 100 ms. GCRA has no window edge: the same offers get at most permits + burst into
     * any second.
     */
    @Test
    void noDoubledBurstAtAWindowEdge() {
        int permits = 10;
        long per = 1000 * MS;
        List<Long> offers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offers.add(950 * MS);        // the end of the first window
            offers.add(1000 * MS);       // the start of the second
            offers.add(1040 * MS);
        }
        offers.sort(Long::compare);

        FixedWindow fixed = new FixedWindow(permits, per);
        long[] byFixed = offers.stream().filter(fixed::tryAcquire).mapToLong(Long::longValue).toArray();
        assertEquals(2 * permits, AdmissionWindows.busiest(byFixed, per), "the flaw GCRA avoids");
        assertEquals(2 * permits, AdmissionWindows.busiest(byFixed, 100 * MS));

        for (int burst : new int[] {0, 3, 9}) {
            GcraLimiter limiter = new GcraLimiter(per / permits, burst * (per / permits), 0);
            long[] byGcra = offers.stream().filter(t -> limiter.acquire(t, 0) == 0).mapToLong(Long::longValue)
                    .toArray();
            assertTrue(AdmissionWindows.busiest(byGcra, per) <= permits + burst, "burst " + burst);
            // Idle until 950 ms: burst + 1 at once, then one per interval (1040 ms is not yet 950 + 100).
            assertEquals(burst + 1, byGcra.length, "burst " + burst);
        }
    }

    /** A steady flood of one offer per millisecond for 5 s: exactly 5 s × rate + burst get through. */
    @Test
    void aFloodGetsTheRatePlusTheBurstAndNoWindowMore() {
        long interval = 100 * MS;
        int burst = 2;
        GcraLimiter limiter = new GcraLimiter(interval, burst * interval, 0);
        List<Long> admitted = new ArrayList<>();
        for (long t = 0; t < 5000 * MS; t += MS) {
            if (limiter.acquire(t, 0) == 0) {
                admitted.add(t);
            }
        }
        // The burst in the first 3 ms, then one every 100 ms from 100 ms to 4900 ms.
        assertEquals(50 + burst, admitted.size());
        assertEquals(List.of(0L, MS, 2 * MS, 100 * MS, 200 * MS, 300 * MS), admitted.subList(0, 6));
        long[] times = admitted.stream().mapToLong(Long::longValue).toArray();
        assertEquals(10 + burst, AdmissionWindows.busiest(times, 1000 * MS));
        assertEquals(1 + burst, AdmissionWindows.busiest(times, 100 * MS));
    }

    private static void assertAdmitted(GcraLimiter limiter, long origin, long atMs, long tatMs) {
        assertEquals(0, limiter.acquire(origin + atMs * MS, 0), "admitted at " + atMs + " ms");
        assertEquals(origin + tatMs * MS, limiter.theoreticalArrivalTime(), "TAT after the call at " + atMs + " ms");
    }

    private static void assertRefused(GcraLimiter limiter, long origin, long atMs, long tatMs) {
        assertEquals(GcraLimiter.REFUSED, limiter.acquire(origin + atMs * MS, 0), "refused at " + atMs + " ms");
        assertEquals(origin + tatMs * MS, limiter.theoreticalArrivalTime(), "TAT after the refusal at " + atMs + " ms");
    }

    /** The textbook fixed-window counter, for contrast: windows [k·per, (k+1)·per), each with its own count. */
    private static final class FixedWindow {
        private final int permits;
        private final long per;
        private long window = -1;
        private int used;

        FixedWindow(int permits, long per) {
            this.permits = permits;
            this.per = per;
        }

        boolean tryAcquire(long now) {
            long current = Math.floorDiv(now, per);
            if (current != window) {
                window = current;
                used = 0;
            }
            return used < permits && ++used > 0;
        }
    }
}
