package dev.perfagent.agent.layer.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perfagent.agent.layer.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ThreadCellHistogramTest {
    private static final long MAX = 3_600_000_000_000L;

    @Test
    void oneThreadOwnsOneCellAndReadersSeeEveryValueAndTheExactSum() {
        ThreadCellHistogram histogram = new ThreadCellHistogram(MAX, 2, 8);
        long sum = 0;
        for (long v = 1; v <= 1000; v++) {
            histogram.recordValue(v * 1000 + 7);
            sum += v * 1000 + 7;
        }
        assertEquals(1, histogram.cellsInUse());
        assertEquals(0, histogram.sharedStripesInUse());
        assertEquals(1000, histogram.totalCount());
        assertEquals(sum, histogram.sum());
        Histogram copy = new Histogram(1, MAX, 2);
        histogram.addTo(copy);
        assertEquals(1000, copy.getTotalCount());
        assertEquals(500_000, copy.getValueAtPercentile(50), 500_000 * 0.01);
    }

    @Test
    void moreThreadsThanCellsLoseNoRecordAndNoNanosecond() throws InterruptedException {
        ThreadCellHistogram histogram = new ThreadCellHistogram(MAX, 2, 2);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            long value = (t + 1) * 1_000L;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < 50_000; i++) {
                    histogram.recordValue(value);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(400_000, histogram.totalCount());
        assertEquals(50_000L * 1_000 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8), histogram.sum());
        Histogram copy = new Histogram(1, MAX, 2);
        histogram.addTo(copy);
        for (int t = 0; t < 8; t++) {
            assertEquals(50_000, copy.getCountAtValue((t + 1) * 1_000L));
        }
    }

    @Test
    void aCellOfAThreadThatEndedGoesToTheNextThreadWithItsCounts() throws InterruptedException {
        ThreadCellHistogram histogram = new ThreadCellHistogram(MAX, 2, 1); // every thread hashes to the one cell
        Thread first = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                histogram.recordValue(10);
            }
        });
        first.start();
        first.join();

        histogram.recordValue(30); // the owner has ended: this thread takes the cell over
        assertEquals(1, histogram.cellsInUse());
        assertEquals(0, histogram.sharedStripesInUse());
        assertEquals(101, histogram.totalCount());
        assertEquals(100 * 10 + 30, histogram.sum());
        Histogram copy = new Histogram(1, MAX, 2);
        histogram.addTo(copy);
        assertEquals(100, copy.getCountAtValue(10));
        assertEquals(1, copy.getCountAtValue(30));
    }

    @Test
    void aThreadWhoseCellALiveThreadOwnsRecordsIntoTheSharedHistogram() throws InterruptedException {
        ThreadCellHistogram histogram = new ThreadCellHistogram(MAX, 2, 1);
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            histogram.recordValue(5);
            recorded.countDown();
            awaitQuietly(done);
        });
        owner.start();
        recorded.await();
        histogram.recordValue(6);
        histogram.recordValue(7);
        assertEquals(1, histogram.sharedStripesInUse());
        done.countDown();
        owner.join();
        assertEquals(3, histogram.totalCount());
        assertEquals(18, histogram.sum());
    }

    @Test
    void virtualThreadsOwnNoCellAndRecordIntoTheSharedHistogram() throws Exception {
        ThreadCellHistogram histogram = new ThreadCellHistogram(MAX, 2, 4);
        Thread virtual = VirtualThreads.start(() -> {
            for (int i = 0; i < 100; i++) {
                histogram.recordValue(40);
            }
        });
        assumeTrue(virtual != null, "no virtual threads before JDK 21");
        virtual.join();
        assertEquals(0, histogram.cellsInUse());
        assertEquals(1, histogram.sharedStripesInUse());
        assertEquals(100, histogram.totalCount());
        assertEquals(4000, histogram.sum());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
