package dev.perfagent.agent.layer.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StripedHistogramTest {
    private static final long MAX = 3_600_000_000_000L;

    @Test
    void oneThreadUsesOneStripeAndReadersSeeEveryValue() {
        StripedHistogram histogram = new StripedHistogram(MAX, 2, 8);
        for (long v = 1; v <= 1000; v++) {
            histogram.recordValue(v * 1000);
        }
        assertEquals(1, histogram.stripesInUse());
        assertEquals(1000, histogram.totalCount());
        Histogram copy = new Histogram(1, MAX, 2);
        histogram.addTo(copy);
        assertEquals(1000, copy.getTotalCount());
        assertEquals(500_000, copy.getValueAtPercentile(50), 500_000 * 0.01);
    }

    @Test
    void concurrentThreadsLoseNoRecordAndSpreadOverStripes() throws InterruptedException {
        StripedHistogram histogram = new StripedHistogram(MAX, 2, 16);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long value = (t + 1) * 1_000L;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    histogram.recordValue(value);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(400_000, histogram.totalCount());
        Histogram copy = new Histogram(1, MAX, 2);
        histogram.addTo(copy);
        for (int t = 0; t < 8; t++) {
            assertEquals(50_000, copy.getCountAtValue((t + 1) * 1_000L));
        }
        assertTrue(histogram.stripesInUse() > 1, "8 threads in one stripe");
    }

    @Test
    void stripeCountsAreBoundedPowersOfTwo() {
        assertEquals(1, new StripedHistogram(MAX, 2, 0).stripeCount());
        assertEquals(4, new StripedHistogram(MAX, 2, 3).stripeCount());
        assertEquals(16, new StripedHistogram(MAX, 2, 500).stripeCount());
    }
}
