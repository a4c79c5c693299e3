package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
    private static final long REFUSED = ConcurrencyLimiter.REFUSED;

    private final FakeTicker ticker = new FakeTicker(1_000);

    private static LimiterSettings fixed(int limit) {
        return LimiterSettings.rejecting(new FixedSettings(limit));
    }

    private static LimiterSettings partitioned(int limit, PartitionShare... shares) {
        return new LimiterSettings(new FixedSettings(limit), WhenLimited.REJECT, Duration.ZERO, List.of(shares));
    }

    @Test
    void admitsUpToTheLimitAndRefusesTheRest() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(fixed(2), ticker);
        long first = limiter.acquire(0);
        long second = limiter.acquire(0);
        assertTrue(first >= 0 && second >= 0);
        assertEquals(REFUSED, limiter.acquire(0));
        assertEquals(REFUSED, limiter.tryAcquire(0));
        assertEquals(2, limiter.inFlight());
        assertEquals(2, limiter.rejected());

        limiter.release(first, 1_000, 2_000, CallOutcome.SUCCEEDED);
        assertEquals(1, limiter.inFlight());
        long third = limiter.acquire(0);
        assertTrue(third >= 0);
        limiter.release(second, 1_000, 2_000, CallOutcome.IGNORED);
        limiter.release(third, 1_000, 2_000, CallOutcome.DROPPED);
        assertEquals(0, limiter.inFlight());
        assertEquals(1, limiter.drops());
    }

    @Test
    void samplesTheRttFromAdmissionAndTheCallsInFlightThen() {
        RecordingAlgorithm algorithm = new RecordingAlgorithm(10);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(fixed(10), algorithm, ticker);
        long a = limiter.acquire(0);
        long b = limiter.acquire(0);
        limiter.release(b, 5_000, 8_000, CallOutcome.SUCCEEDED);
        limiter.release(a, 1_000, 9_000, CallOutcome.DROPPED);
        long c = limiter.acquire(0);
        limiter.release(c, 9_000, 9_500, CallOutcome.IGNORED);
        assertEquals(List.of(new RecordingAlgorithm.Sample(3_000, 2, false),
                new RecordingAlgorithm.Sample(8_000, 1, true)), algorithm.samples);
    }

    @Test
    void aCallTheClockCouldNotSeeIsNoSampleUnlessItDropped() {
        RecordingAlgorithm algorithm = new RecordingAlgorithm(10);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(fixed(10), algorithm, ticker);
        limiter.release(limiter.acquire(0), 5_000, 5_000, CallOutcome.SUCCEEDED);
        assertEquals(List.of(), algorithm.samples);
        limiter.release(limiter.acquire(0), 5_000, 5_000, CallOutcome.DROPPED);
        assertEquals(List.of(new RecordingAlgorithm.Sample(1, 1, true)), algorithm.samples);
    }

    @Test
    void aNewLimitAppliesToTheNextAdmissionAndToTheGuarantees() {
        RecordingAlgorithm algorithm = new RecordingAlgorithm(10);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 50)), algorithm, ticker);
        assertEquals(5, limiter.partitions().get(0).guaranteed());
        algorithm.next(2);
        limiter.release(limiter.acquire(0), 0, 1_000, CallOutcome.SUCCEEDED);
        assertEquals(2, limiter.limit());
        assertEquals(1, limiter.partitions().get(0).guaranteed());
        assertTrue(limiter.acquire(1) >= 0);
        assertTrue(limiter.acquire(1) >= 0);
        assertEquals(REFUSED, limiter.acquire(1), "default partition: over the new limit and its guarantee of 1");
    }

    @Test
    void aPartitionMayBorrowTheWholeLimitWhileTheOthersAreIdle() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 80), new PartitionShare("batch", 20)), ticker);
        int batch = limiter.partition("batch");
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.acquire(batch) >= 0, "call " + i);
        }
        assertEquals(REFUSED, limiter.acquire(batch), "at the limit and over its guarantee of 2");
        assertEquals(1, limiter.partitions().get(batch).rejected());
    }

    @Test
    void aPartitionWithinItsShareIsAdmittedEvenWhenOthersBorrowedEverything() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 80), new PartitionShare("batch", 20)), ticker);
        int live = limiter.partition("live");
        int batch = limiter.partition("batch");
        for (int i = 0; i < 10; i++) {
            limiter.acquire(batch);
        }
        for (int i = 0; i < 8; i++) {
            assertTrue(limiter.acquire(live) >= 0, "live call " + i + " is within its guarantee of 8");
        }
        assertEquals(REFUSED, limiter.acquire(live), "the 9th live call is over its share and the limit");
        assertEquals(18, limiter.inFlight(), "over the limit by the guarantee the borrowers took");
        assertEquals(8, limiter.partitions().get(live).inFlight());
        assertEquals(10, limiter.partitions().get(batch).inFlight());
    }

    @Test
    void overItsShareAPartitionOnlyBorrowsSpareRoom() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 80), new PartitionShare("batch", 20)), ticker);
        int live = limiter.partition("live");
        int batch = limiter.partition("batch");
        long[] permits = new long[10];
        for (int i = 0; i < 8; i++) {
            permits[i] = limiter.acquire(live);
        }
        permits[8] = limiter.acquire(batch);
        permits[9] = limiter.acquire(batch);
        assertEquals(REFUSED, limiter.acquire(batch), "no spare room and at its guarantee of 2");
        limiter.release(permits[0], 0, 1, CallOutcome.IGNORED);
        assertTrue(limiter.acquire(batch) >= 0, "a live call left: spare room is lent");
        assertEquals(REFUSED, limiter.acquire(batch));
        assertTrue(limiter.acquire(live) >= 0, "live is back under its guarantee of 8");
    }

    @Test
    void unknownValuesGoToTheDefaultPartitionWithWhatTheSharesLeave() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 60), new PartitionShare("batch", 15)), ticker);
        assertEquals(2, limiter.partition("other"));
        assertEquals(2, limiter.partition(null));
        List<ConcurrencyLimiter.PartitionSnapshot> partitions = limiter.partitions();
        assertEquals(List.of("live", "batch", LimiterSettings.DEFAULT_PARTITION),
                partitions.stream().map(ConcurrencyLimiter.PartitionSnapshot::name).toList());
        assertEquals(25.0, partitions.get(2).percent(), 1e-9);
        assertEquals(List.of(6, 2, 3), partitions.stream().map(ConcurrencyLimiter.PartitionSnapshot::guaranteed).toList(),
                "ceil(10 * share): 6, ceil(1.5) = 2, ceil(2.5) = 3");
    }

    @Test
    void theDefaultPartitionMayBeNamedAndIsGuaranteedOneWhenNothingIsLeft() {
        ConcurrencyLimiter named = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("default", 30), new PartitionShare("live", 70)), ticker);
        assertEquals(0, named.partition("anything"));
        assertEquals(2, named.partitions().size());
        ConcurrencyLimiter full = new ConcurrencyLimiter(
                partitioned(10, new PartitionShare("live", 100)), ticker);
        assertEquals(1, full.partitions().get(1).guaranteed());
        assertEquals(0.0, full.partitions().get(1).percent());
    }

    @Test
    void closedItAdmitsEveryCallWithoutAPermit() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(fixed(1), ticker);
        long held = limiter.acquire(0);
        limiter.close();
        assertEquals(ConcurrencyLimiter.UNLIMITED, limiter.acquire(0));
        assertEquals(ConcurrencyLimiter.UNLIMITED, limiter.tryAcquire(0));
        limiter.release(held, 0, 1, CallOutcome.SUCCEEDED);
        assertEquals(0, limiter.inFlight());
        assertTrue(limiter.closed());
    }

    @Test
    void exposesTheAlgorithmsRttEstimates() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(LimiterSettings.rejecting(Gradient2Settings.DEFAULTS),
                Ticker.SYSTEM);
        limiter.release(limiter.acquire(0), 0, 2_000_000, CallOutcome.SUCCEEDED);
        assertEquals(Map.of("short", 2e6, "long", 2e6), limiter.rttEstimates());
        assertEquals(LimitAlgorithmKind.GRADIENT2, limiter.algorithm());
    }
}
