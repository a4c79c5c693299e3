package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BatchCostModelTest {
    private static final double A = 2_000_000;
    private static final double B = 100_000;

    @Test
    void recoversInterceptAndSlopeFromNoisyObservations() {
        BatchCostModel model = new BatchCostModel();
        Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            int n = 1 + random.nextInt(64);
            double t = (A + B * n) * (1 + 0.02 * random.nextGaussian());
            model.observe(n, Math.round(t));
        }
        assertTrue(model.fit().linear());
        assertEquals(A, model.a(), A * 0.03);
        assertEquals(B, model.b(), B * 0.02);
        assertEquals(A + B * 32, model.predict(32), (A + B * 32) * 0.01);
        assertEquals(5_000, model.samples());
    }

    @Test
    void followsACostThatDrifts() {
        BatchCostModel model = new BatchCostModel();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 2_000; i++) {
            int n = random.nextInt(1, 65);
            model.observe(n, Math.round(A + B * n));
        }
        // The model got twice as slow per item.
        for (int i = 0; i < 3 * BatchCostModel.DEFAULT_MEMORY; i++) {
            int n = random.nextInt(1, 65);
            model.observe(n, Math.round(A + 2 * B * n));
        }
        assertEquals(2 * B, model.b(), 2 * B * 0.05);
        assertEquals(A, model.a(), A * 0.10);
    }

    @Test
    void withOneSizeItIsProportionalThroughWhatItSaw() {
        BatchCostModel model = new BatchCostModel();
        for (int i = 0; i < 50; i++) {
            model.observe(32, 5_200_000);
        }
        BatchCostModel.Fit fit = model.fit();
        assertFalse(fit.linear());
        assertEquals(0, fit.a());
        assertEquals(5_200_000 / 32.0, fit.b(), 1e-6);
        assertEquals(5_200_000, model.predict(32), 1e-3);
        // Conservative above the size it saw (the real fixed cost only makes larger batches cheaper per item).
        assertEquals(2 * 5_200_000, model.predict(64), 1e-3);
    }

    @Test
    void twoDistinctSizesGiveTheLine() {
        BatchCostModel model = new BatchCostModel();
        for (int i = 0; i < 20; i++) {
            model.observe(8, Math.round(A + B * 8));
            model.observe(40, Math.round(A + B * 40));
        }
        assertTrue(model.fit().linear());
        assertEquals(A, model.a(), 1);
        assertEquals(B, model.b(), 1e-3);
    }

    @Test
    void aSizeThatStopsVaryingFallsBackToProportionalAtThatSize() {
        BatchCostModel model = new BatchCostModel(32, 0.99);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            int n = random.nextInt(1, 65);
            model.observe(n, Math.round(A + B * n));
        }
        for (int i = 0; i < 1_000; i++) {
            model.observe(50, Math.round(A + B * 50));
        }
        assertFalse(model.fit().linear());
        assertEquals(A + B * 50, model.predict(50), (A + B * 50) * 1e-6);
    }

    @Test
    void theTailMarginIsTheP99OfObservedOverPredicted() {
        BatchCostModel model = new BatchCostModel();
        SplittableRandom random = new SplittableRandom(4);
        double[] ratios = new double[20_000];
        for (int i = 0; i < ratios.length; i++) {
            int n = random.nextInt(1, 65);
            long t = Math.round((A + B * n) * (1 + 0.1 * random.nextDouble()));
            double predicted = model.predict(n);
            model.observe(n, t);
            ratios[i] = predicted > 0 ? t / predicted : 1;
        }
        // observed / mean is (1 + u) / 1.05 with u uniform in [0, 0.1): p99 = 1.099 / 1.05 ≈ 1.047. The margin is
        // the upper edge of its bucket, at most 4.4% above.
        double margin = model.tailRatio();
        assertTrue(margin >= 1.046 && margin <= 1.047 * 1.045, "margin " + margin);
        double[] late = Arrays.copyOfRange(ratios, 10_000, 20_000);
        Arrays.sort(late);
        assertTrue(margin >= late[(int) (0.99 * late.length)], "margin below the observed p99");
        assertEquals(model.predict(40) * margin, model.predictTail(40), 1e-6);
    }

    @Test
    void anExactFitHasAMarginOfOneAndTheMarginIsNeverBelowOne() {
        BatchCostModel exact = new BatchCostModel();
        for (int i = 0; i < 500; i++) {
            int n = 1 + i % 64;
            exact.observe(n, Math.round(A + B * n));
        }
        assertEquals(1.0, exact.tailRatio());

        BatchCostModel fast = new BatchCostModel();
        for (int i = 0; i < 500; i++) {
            int n = 1 + i % 64;
            // Always faster than predicted would give ratios below 1; the margin stays at 1.
            fast.observe(n, Math.round((A + B * n) * (i % 2 == 0 ? 1.0 : 0.5)));
        }
        assertTrue(fast.tailRatio() >= 1.0);
    }

    @Test
    void noiseOnAFlatCostNeverGivesANegativeSlope() {
        BatchCostModel model = new BatchCostModel();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            int n = random.nextInt(1, 9);
            // Decreasing in n: a broken measurement, or noise on a flat cost.
            model.observe(n, Math.round(3_000_000 - 10_000 * n + 50_000 * random.nextDouble()));
        }
        assertEquals(0, model.b());
        assertTrue(model.a() > 2_900_000 && model.a() < 3_000_000, "a " + model.a());
    }

    @Test
    void aNegativeInterceptBecomesALineThroughTheOrigin() {
        BatchCostModel model = new BatchCostModel();
        for (int i = 0; i < 200; i++) {
            int n = 10 + i % 10;
            model.observe(n, Math.round(-500_000 + B * n));   // T(n) = B·n - 0.5 ms on n in [10, 19]
        }
        assertEquals(0, model.a());
        assertTrue(model.b() > 0 && model.b() < B, "b " + model.b());
    }

    @Test
    void ignoresEmptyBatchesAndNonPositiveTimes() {
        BatchCostModel model = new BatchCostModel();
        model.observe(0, 1_000);
        model.observe(5, 0);
        model.observe(5, -3);
        assertEquals(0, model.samples());
        assertEquals(0, model.predict(10));
        assertEquals(1.0, model.tailRatio());
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new BatchCostModel(1, 0.99));
        assertThrows(IllegalArgumentException.class, () -> new BatchCostModel(64, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BatchCostModel(64, 0));
    }

    @Test
    void concurrentObserversLoseNothing() throws InterruptedException {
        BatchCostModel model = new BatchCostModel();
        int threads = 4;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            workers[t] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    int n = random.nextInt(1, 65);
                    model.observe(n, Math.round(A + B * n));
                    // Readers see a whole fit, never a torn one.
                    BatchCostModel.Fit fit = model.fit();
                    if (fit.samples() > 2 && fit.linear() && Math.abs(fit.b() - B) > 1) {
                        throw new AssertionError("torn or wrong fit " + fit);
                    }
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals((long) threads * each, model.samples());
        assertEquals(B, model.b(), 1e-3);
    }
}
