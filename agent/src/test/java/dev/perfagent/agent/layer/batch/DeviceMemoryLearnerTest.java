package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The least-squares fit of device memory per item, and the cap it sets, from synthetic readings. */
class DeviceMemoryLearnerTest {
    private static final long MIB = 1L << 20;
    private static final long TOTAL = 16_384 * MIB;
    private static final long USED = 4_096 * MIB;

    /** A batch of {@code size} that takes {@code fixed + perItem·size} bytes, on a device with USED in use. */
    private static void batch(DeviceMemoryLearner learner, int size, long fixed, long perItem, long noise) {
        long free = TOTAL - USED;
        learner.observe(size, free, free - fixed - perItem * size - noise, TOTAL);
    }

    @Test
    void learnsTheSlopeAndTheFixedPartFromSeveralSizes() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        for (int round = 0; round < 3; round++) {
            for (int size : new int[] {4, 8, 16, 32}) {
                batch(learner, size, 64 * MIB, 12 * MIB, 0);
            }
        }
        DeviceMemoryLearner.Fit fit = learner.fit();
        assertTrue(fit.learnt());
        assertEquals(12.0 * MIB, fit.bytesPerItem(), 1.0);
        assertEquals(64.0 * MIB, fit.fixedBytes(), 1.0);
        assertEquals(4, fit.distinctSizes());
        assertEquals(USED, fit.usedBefore());
    }

    @Test
    void capsThePredictedPeakUnderTheHeadroom() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        for (int round = 0; round < 3; round++) {
            for (int size : new int[] {4, 8, 16, 32}) {
                batch(learner, size, 64 * MIB, 12 * MIB, 0);
            }
        }
        // 90% of 16 GiB = 14745.6 MiB; less 4096 in use and 64 fixed leaves 10585.6 MiB: 882 items of 12 MiB.
        assertEquals(882, DeviceMemoryLearner.cap(learner.fit(), TOTAL, 10, 4096));
        assertEquals(512, DeviceMemoryLearner.cap(learner.fit(), TOTAL, 10, 512), "max-size still bounds it");
        // 50% headroom: 8192 - 4096 - 64 = 4032 MiB: 336 items.
        assertEquals(336, DeviceMemoryLearner.cap(learner.fit(), TOTAL, 50, 4096));
        assertEquals(1, DeviceMemoryLearner.cap(learner.fit(), TOTAL, 75, 4096), "never below one");
    }

    @Test
    void toleratesNoiseOnALine() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < DeviceMemoryLearner.WINDOW; i++) {
            int size = 1 + random.nextInt(64);
            batch(learner, size, 32 * MIB, 10 * MIB, random.nextLong(-8 * MIB, 8 * MIB));
        }
        DeviceMemoryLearner.Fit fit = learner.fit();
        assertTrue(fit.learnt());
        assertEquals(10.0, fit.bytesPerItem() / MIB, 0.5);
    }

    @Test
    void readingsThatAreMostlyNoiseCapNothing() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < DeviceMemoryLearner.WINDOW; i++) {
            // Another process allocating and freeing hundreds of MiB; the batches themselves take nothing visible.
            batch(learner, 1 + random.nextInt(64), 0, 0, random.nextLong(-512 * MIB, 512 * MIB));
        }
        DeviceMemoryLearner.Fit fit = learner.fit();
        assertFalse(fit.learnt(), fit.toString());
        assertTrue(Double.isNaN(fit.bytesPerItem()));
        assertEquals(64, DeviceMemoryLearner.cap(fit, TOTAL, 10, 64));
    }

    @Test
    void memoryThatShrinksAsBatchesGrowIsNotASlope() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        for (int round = 0; round < 3; round++) {
            for (int size : new int[] {4, 8, 16}) {
                batch(learner, size, 512 * MIB, -8 * MIB, 0);
            }
        }
        assertFalse(learner.fit().learnt());
    }

    @Test
    void needsEnoughBatchesOfEnoughDistinctSizes() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        for (int i = 0; i < DeviceMemoryLearner.WINDOW; i++) {
            batch(learner, i % 2 == 0 ? 8 : 16, 0, 12 * MIB, 0);
        }
        DeviceMemoryLearner.Fit two = learner.fit();
        assertFalse(two.learnt(), "two sizes: " + two);
        assertEquals(2, two.distinctSizes());

        DeviceMemoryLearner few = new DeviceMemoryLearner();
        for (int size = 1; size < DeviceMemoryLearner.MIN_SAMPLES; size++) {
            batch(few, size, 0, 12 * MIB, 0);
        }
        assertFalse(few.fit().learnt(), "fewer batches than " + DeviceMemoryLearner.MIN_SAMPLES);
        batch(few, DeviceMemoryLearner.MIN_SAMPLES, 0, 12 * MIB, 0);
        assertTrue(few.fit().learnt(), "exactly enough");

        assertEquals(64, DeviceMemoryLearner.cap(new DeviceMemoryLearner().fit(), TOTAL, 10, 64),
                "nothing learnt: max-size");
    }

    @Test
    void ignoresReadingsTheDeviceCouldNotGive() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        learner.observe(8, -1, 100, TOTAL);
        learner.observe(8, 100, -1, TOTAL);
        learner.observe(0, 100, 50, TOTAL);
        assertEquals(0, learner.fit().samples());
    }

    @Test
    void forgetsBatchesOlderThanItsWindow() {
        DeviceMemoryLearner learner = new DeviceMemoryLearner();
        for (int i = 0; i < DeviceMemoryLearner.WINDOW; i++) {
            batch(learner, 1 + i % 8, 0, 40 * MIB, 0);
        }
        for (int i = 0; i < DeviceMemoryLearner.WINDOW; i++) {
            batch(learner, 1 + i % 8, 0, 10 * MIB, 0);   // a smaller model was loaded
        }
        assertEquals(10.0, learner.fit().bytesPerItem() / MIB, 1e-9);
        assertEquals(DeviceMemoryLearner.WINDOW, learner.fit().samples());
    }
}
