package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    void drawsStayInRangeAndFavourTheFirstIndexes() {
        ZipfSampler sampler = new ZipfSampler(20);
        int[] counts = new int[20];
        for (int i = 0; i < 20_000; i++) {
            counts[sampler.next()]++;
        }
        // Expected shares: index 0 about 28 %, index 19 about 1.4 %; the bounds leave wide room for chance.
        assertTrue(counts[0] > 4000, "index 0 drawn " + counts[0] + " times");
        assertTrue(counts[0] > 5 * counts[19], "index 0 " + counts[0] + ", index 19 " + counts[19]);
    }
}
