package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BatchStatsTest {

    @Test
    void recordsBatchesAndQueueWaits() {
        BatchStats stats = new BatchStats(64);
        stats.recordBatch(3, TimeUnit.MILLISECONDS.toNanos(2));
        stats.recordBatch(64, TimeUnit.MILLISECONDS.toNanos(4));
        stats.recordQueueWait(TimeUnit.MICROSECONDS.toNanos(100));

        assertEquals(2, stats.batches());
        assertEquals(67, stats.items());
        Histogram sizes = stats.batchSizes();
        assertEquals(2, sizes.getTotalCount());
        assertEquals(3, sizes.getMinValue());
        assertEquals(64, sizes.getMaxValue());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(4), stats.serviceTime().getMaxValue(),
                TimeUnit.MILLISECONDS.toNanos(4) * 0.01);
        assertEquals(1, stats.queueWait().getTotalCount());
    }

    @Test
    void snapshotsAreCopies() {
        BatchStats stats = new BatchStats(8);
        stats.recordBatch(2, 1);
        Histogram before = stats.batchSizes();
        stats.recordBatch(4, 1);
        assertEquals(1, before.getTotalCount());
        assertEquals(2, stats.batchSizes().getTotalCount());
    }

    @Test
    void valuesOutOfRangeAreClampedNotThrown() {
        BatchStats stats = new BatchStats(1);
        stats.recordBatch(1000, -5);
        stats.recordBatch(0, Long.MAX_VALUE);
        stats.recordQueueWait(-1);
        assertEquals(2, stats.batchSizes().getMaxValue());
        assertEquals(1, stats.batchSizes().getMinValue());
        assertEquals(0, stats.queueWait().getMaxValue());
    }

    @Test
    void countsOutcomesAndKeepsTheLastFault() {
        BatchStats stats = new BatchStats(8);
        stats.recordRejected();
        stats.recordShed();
        stats.recordShed();
        stats.recordTimedOut();
        stats.recordIsolatedFailure();
        stats.recordRunAlone();
        assertNull(stats.lastFault());
        assertFalse(stats.disabled());
        RuntimeException fault = new RuntimeException("policy bug");
        stats.recordFault(fault);
        stats.recordDisabled();

        assertEquals(1, stats.rejected());
        assertEquals(2, stats.shed());
        assertEquals(1, stats.timedOut());
        assertEquals(1, stats.isolatedFailures());
        assertEquals(1, stats.runAlone());
        assertEquals(1, stats.faults());
        assertSame(fault, stats.lastFault());
        assertTrue(stats.disabled());
    }

    @Test
    void sumsQueueWaitsBatchAndStagingTimesAndOutOfMemoryFailures() {
        BatchStats stats = new BatchStats(8);
        stats.recordQueueWait(3_000);
        stats.recordQueueWait(-5);   // clamped to 0
        stats.recordBatch(2, 10_000);
        stats.recordBatch(4, 30_000);
        stats.recordStaging(12_000);
        stats.recordOutOfMemory();
        assertEquals(3_000, stats.queueWaitNanos());
        assertEquals(40_000, stats.serviceNanos());
        assertEquals(12_000, stats.stagingNanos());
        assertEquals(1, stats.outOfMemories());
    }

    @Test
    void theStagingTimerAddsTheTimeBetweenStartAndStop() {
        BatchStats stats = new BatchStats(8);
        FakeTicker ticker = new FakeTicker(0);
        StagingTimer timer = new StagingTimer(ticker, stats);
        long started = timer.start();
        ticker.advance(2_500);
        timer.stop(started);
        assertEquals(2_500, stats.stagingNanos());
        StagingTimer.NONE.stop(StagingTimer.NONE.start());   // records nowhere, never throws
    }
}
