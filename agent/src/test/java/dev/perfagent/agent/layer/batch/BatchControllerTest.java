package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchControllerTest {
    // The synthetic model: T(n) = (2 ms + 100 µs·n)·(1 + u), u uniform in [0, 10%).
    private static final long A = 2_000_000;
    private static final long B = 100_000;
    private static final double NOISE = 0.10;
    private static final long SLO = 20_000_000;
    private static final BatchSimulation.ServiceTime NOISY =
            (n, random) -> Math.round((A + B * n) * (1 + NOISE * random.nextDouble()));

    private final FakeTicker ticker = new FakeTicker(BatchSimulation.ORIGIN);

    private static BatchSettings settings(int maxSize, int workers, Duration slo, Duration maxDelay) {
        return new BatchSettings(maxSize, workers, 4096, WhenFull.RUN_ALONE, Optional.empty(),
                Optional.ofNullable(slo), maxDelay);
    }

    private BatchController controller(int maxSize, int workers) {
        return new BatchController(settings(maxSize, workers, Duration.ofNanos(SLO), Duration.ofMillis(5)), ticker);
    }

    /** Teaches the controller the exact line T(n) = A + B·n from noiseless batches of several sizes. */
    private static void teachExactly(BatchController controller) {
        for (int i = 0; i < 200; i++) {
            int n = 1 + i % 64;
            controller.batchDone(n, A + B * n, 0);
        }
    }

    /**
     * The optimum by brute force: the largest size whose p99 service time, twice (one batch in flight, then the
     * call's own), fits the SLO; throughput n / T(n) rises with n, so no smaller size does better under the SLO.
     */
    private static int optimalCap(int maxSize) {
        int best = 1;
        double bestThroughput = 0;
        for (int n = 1; n <= maxSize; n++) {
            double p99 = (A + B * n) * (1 + NOISE * 0.99);
            double throughput = n / (double) (A + B * n);
            if (2 * p99 <= SLO && throughput > bestThroughput) {
                best = n;
                bestThroughput = throughput;
            }
        }
        return best;
    }

    private static double meanThroughput(int n) {
        return n / ((A + B * n) * (1 + NOISE / 2) / 1e9);
    }

    @Test
    void withoutSloTheCapIsMaxSizeAndNothingWaitsOrIsShed() {
        BatchController controller = new BatchController(settings(64, 1, null, Duration.ofMillis(5)), ticker);
        teachExactly(controller);
        for (int i = 0; i < 1000; i++) {
            controller.arrived(ticker.read() + i * 1_000);
            controller.callDone(Duration.ofSeconds(1).toNanos(), 0);
        }
        controller.tick(ticker.read());
        assertEquals(64, controller.cap());
        assertEquals(0, controller.waitNanos(1, ticker.read() - 1_000_000, ticker.read()));
        assertFalse(controller.shed(100_000, 1, ticker.read()));
        BatchControllerSnapshot snapshot = controller.snapshot();
        assertEquals(64, snapshot.cap());
        assertEquals(0, snapshot.delayNanos());
        assertTrue(snapshot.slo().isEmpty());
        // The cost model is still fitted, for /status.
        assertEquals(A, snapshot.costInterceptNanos(), A * 1e-6);
        assertEquals(B, snapshot.costPerItemNanos(), B * 1e-6);
    }

    @Test
    void beforeAnyBatchIsMeasuredItBehavesAsWithoutSlo() {
        BatchController controller = controller(64, 1);
        assertEquals(64, controller.cap());
        assertEquals(0, controller.waitNanos(1, ticker.read(), ticker.read()));
        assertFalse(controller.shed(10_000, 1, ticker.read()));
    }

    @Test
    void capIsTheLargestSizeWhoseTwoTailRoundsFitTheSlo() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        // Exact data: the margin is 1, so 2·(A + B·n) ≤ SLO gives n ≤ 80.
        assertEquals(1.0, controller.costModel().tailRatio());
        int cap = controller.cap();
        assertTrue(cap == 80 || cap == 79, "cap " + cap);
        assertTrue(2 * controller.costModel().predictTail(cap) <= SLO);
        assertTrue(2 * controller.costModel().predictTail(cap + 1) > SLO * (1 - 1e-9));
        // Max-size still bounds it.
        BatchController small = controller(16, 1);
        teachExactly(small);
        assertEquals(16, small.cap());
    }

    @Test
    void settlesNearTheThroughputOptimalCapUnderOverloadAndKeepsAcceptedCallsInsideTheSlo() {
        int optimum = optimalCap(256);
        assertEquals(70, optimum);   // (2 ms + 0.1 ms·n)·1.099·2 ≤ 20 ms
        BatchController controller = controller(256, 1);
        double rate = 1.5 * meanThroughput(optimum);
        BatchSimulation.Result result = new BatchSimulation(controller, ticker, 1, rate, NOISY, SLO,
                100_000_000, 42).run(5_000_000_000L, 30_000_000_000L);

        assertEquals(optimum, result.medianCap(), 0.1 * optimum, result.toString());
        assertTrue(result.p99Nanos() <= SLO, result.toString());
        assertTrue(result.goodputPerSecond() >= 0.9 * meanThroughput(optimum), result.toString());
        // A third of the offered load is more than the model can carry inside the SLO.
        assertEquals(1 / 3.0, result.shedFraction(), 0.05, result.toString());
        assertTrue(result.meanBatchSize() >= 0.9 * optimum, result.toString());
    }

    @Test
    void atModerateLoadItFindsTheSameCapShedsNothingAndMeetsTheSlo() {
        int optimum = optimalCap(256);
        BatchController controller = controller(256, 1);
        double rate = 0.6 * meanThroughput(optimum);
        BatchSimulation.Result result = new BatchSimulation(controller, ticker, 1, rate, NOISY, SLO,
                100_000_000, 7).run(5_000_000_000L, 30_000_000_000L);

        assertEquals(optimum, result.medianCap(), 0.1 * optimum, result.toString());
        assertTrue(result.shedFraction() < 0.001, result.toString());
        assertTrue(result.p99Nanos() <= SLO, result.toString());
        // Zero-delay dispatch: batches are the size the load needs, well under the cap.
        assertTrue(result.meanBatchSize() < optimum / 2.0, result.toString());
    }

    @Test
    void withTwoWorkersAndWaitingAllowedTheSloStillHolds() {
        int optimum = optimalCap(256);
        BatchController controller = controller(256, 2);
        double rate = 1.2 * meanThroughput(optimum);
        BatchSimulation.Result result = new BatchSimulation(controller, ticker, 2, rate, NOISY, SLO,
                100_000_000, 11).run(5_000_000_000L, 30_000_000_000L);

        assertEquals(optimum, result.medianCap(), 0.1 * optimum, result.toString());
        assertTrue(result.p99Nanos() <= SLO, result.toString());
        assertTrue(result.shedFraction() < 0.01, result.toString());
    }

    @Test
    void aimdCutsTheCapByTenPercentWhenP99BreaksTheSloAndRecoversAdditively() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        int model = controller.cap();

        feed(controller, 100, SLO + 1_000_000);
        controller.tick(ticker.read());
        int first = (int) (model * 0.9);
        assertEquals(first, controller.cap());
        assertEquals(first, controller.aimdCap());
        assertTrue(controller.observedP99Nanos() > SLO);

        feed(controller, 100, SLO * 2);
        controller.tick(ticker.read());
        int second = (int) (first * 0.9);
        assertEquals(second, controller.cap());

        // Fewer calls than a window needs: no decision, however bad they are.
        feed(controller, 99, SLO * 10);
        controller.tick(ticker.read());
        assertEquals(second, controller.cap());

        // Good windows raise the ceiling by max(1, model/32) each, up to the model's cap and no further.
        int step = Math.max(1, model / 32);
        feed(controller, 1, SLO / 4);   // completes the 99 above into a window of 100 whose p99 is bad
        controller.tick(ticker.read());
        int third = (int) (second * 0.9);
        assertEquals(third, controller.cap());
        int expected = third;
        for (int i = 0; i < 40; i++) {
            feed(controller, 100, SLO / 4);
            controller.tick(ticker.read());
            expected = Math.min(model, expected + step);
            assertEquals(expected, controller.cap());
        }
        assertEquals(model, controller.cap());
        assertEquals(model, controller.modelCap());
    }

    @Test
    void aSaturatedWorkerMissingTheSloIsQueueingSoTheCapIsNotCut() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        controller.tick(ticker.read());
        int model = controller.cap();
        long from = ticker.read();
        feed(controller, 100, SLO * 3);
        // The worker was busy the whole interval: the latency is the queue, which smaller batches lengthen.
        controller.batchDone(64, ticker.read() - from, ticker.read());
        controller.tick(ticker.read());
        assertTrue(controller.cap() >= model, "not cut: " + controller.cap() + " < " + model);
        assertTrue(controller.observedP99Nanos() > SLO);
    }

    @Test
    void aimdNeverCutsBelowOne() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        for (int i = 0; i < 100; i++) {
            feed(controller, 100, SLO * 3);
            controller.tick(ticker.read());
        }
        assertEquals(1, controller.cap());
    }

    private void feed(BatchController controller, int calls, long latency) {
        for (int i = 0; i < calls; i++) {
            ticker.advance(1_000);
            controller.callDone(latency, ticker.read());
        }
    }

    @Test
    void shedsExactlyWhenThePredictedCompletionPassesTheDeadline() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        int cap = controller.cap();
        long now = ticker.read();
        // Idle model: one round. Busy model, less than a batch ahead: the batch in flight, then ours.
        assertFalse(controller.shed(0, 0, now));
        assertFalse(controller.shed(cap - 1, 1, now));
        // A full batch ahead of us behind the one in flight: three rounds of ~10 ms each.
        assertTrue(controller.shed(cap, 1, now));

        // Where max-size, not the SLO, bounds the cap, several rounds fit: Tt(16) = 3.6 ms, so five rounds
        // (18 ms) fit in 20 ms and six (21.6 ms) do not. With one batch in flight, five rounds allow three full
        // batches ahead, i.e. up to 63 calls.
        BatchController small = controller(16, 1);
        teachExactly(small);
        assertFalse(small.shed(63, 1, now));
        assertTrue(small.shed(64, 1, now));
        assertFalse(small.shed(79, 0, now));
        assertTrue(small.shed(80, 0, now));
    }

    @Test
    void sheddingCountsRoundsAcrossWorkers() {
        BatchController controller = controller(16, 2);
        teachExactly(controller);
        long now = ticker.read();
        // Tt(16) = 3.6 ms; five rounds fit. Two workers busy and 16·q calls ahead: (2 + q - 2 + 1) batches must
        // finish, two per round.
        for (int queued = 0; queued < 400; queued++) {
            long mustFinish = 2 + queued / 16 - 2 + 1;
            long rounds = (mustFinish + 1) / 2;
            boolean expected = (rounds + 1) * 3_600_000.0 > SLO;
            assertEquals(expected, controller.shed(queued, 2, now), "queued " + queued);
        }
        assertFalse(controller.shed(127, 2, now));
        assertTrue(controller.shed(128, 2, now));
    }

    @Test
    void stopsWaitingWhenWaitsBringNoArrivalsAndProbesAgainASecondLater() {
        // A closed loop: callers arrive fast while the model is busy, then all wait in the batch.
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        arrive(controller, 200, 20_000);
        long now = ticker.read();
        long first = controller.waitNanos(1, now, now);
        assertTrue(first > 0, "the overall rate promises a fill: " + first);
        controller.waited(first, 0, now + first);
        ticker.advance(first);
        now = ticker.read();
        assertEquals(0, controller.waitNanos(1, now, now), "a wait that brought nothing stops the waiting");
        arrive(controller, 10, 20_000);
        now = ticker.read();
        assertEquals(0, controller.waitNanos(1, now, now));
        arrive(controller, (int) (BatchController.PROBE_NANOS / 20_000), 20_000);   // a second of busy arrivals
        now = ticker.read();
        assertTrue(controller.waitNanos(1, now, now) > 0, "a probe a second later tries again");
    }

    @Test
    void keepsWaitingWhileWaitsBringArrivals() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        arrive(controller, 200, 20_000);
        long now = ticker.read();
        long wait = controller.waitNanos(1, now, now);
        assertTrue(wait > 0);
        controller.waited(wait, (int) (wait / 20_000), now + wait);   // arrivals came at the same rate
        ticker.advance(wait);
        arrive(controller, 10, 20_000);
        now = ticker.read();
        assertTrue(controller.waitNanos(1, now, now) > 0);
    }

    @Test
    void waitsOnlyWhenArrivalsWillFillTheBatchWithinTheSlack() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        int cap = controller.cap();
        double tail = controller.costModel().predictTail(cap);
        long gap = 20_000;   // 50 000 calls/s
        arrive(controller, 200, gap);
        long now = ticker.read();

        // A fresh call, ten queued: the rest fill in (cap - 10)·gap on average; wait that plus two deviations.
        int missing = cap - 10;
        long expected = (long) (missing * gap + 2 * Math.sqrt(missing) * gap);
        assertEquals(expected, controller.waitNanos(10, now, now), 2);
        assertTrue(controller.delayNanos() > 0);

        // The oldest call has waited so long that the fill plus Tt(cap) would pass its deadline: run now.
        long age = (long) (SLO - tail - missing * gap) + 1_000;
        assertEquals(0, controller.waitNanos(10, now - age, now));
        // A little younger, it may wait, but only up to the deadline.
        long younger = age - 200_000;
        long wait = controller.waitNanos(10, now - younger, now);
        assertTrue(wait > 0 && younger + wait + tail <= SLO, "wait " + wait);

        // A full batch never waits.
        assertEquals(0, controller.waitNanos(cap, now, now));

        // Arrivals stopped 50 ms ago: the batch will not fill.
        assertEquals(0, controller.waitNanos(10, now, now + 50_000_000));
    }

    @Test
    void slowArrivalsNeverWaitAndMaxDelayBoundsTheWait() {
        BatchController slow = controller(256, 1);
        teachExactly(slow);
        arrive(slow, 200, 1_000_000);   // 1 000 calls/s: 70 more would take 70 ms
        assertEquals(0, slow.waitNanos(10, ticker.read(), ticker.read()));
        assertEquals(1000, slow.arrivalsPerSecond(ticker.read()), 1);

        BatchController bounded = controller(256, 1);
        teachExactly(bounded);
        arrive(bounded, 200, 70_000);   // the mean fill is just under 5 ms; mean + 2 sd is over it
        int missing = bounded.cap() - 10;
        assertTrue(missing * 70_000 <= 5_000_000);
        assertEquals(5_000_000, bounded.waitNanos(10, ticker.read(), ticker.read()));

        BatchController never = new BatchController(settings(256, 1, Duration.ofNanos(SLO), Duration.ZERO), ticker);
        teachExactly(never);
        arrive(never, 200, 1_000);
        assertEquals(0, never.waitNanos(1, ticker.read(), ticker.read()));
    }

    private void arrive(BatchController controller, int calls, long gap) {
        for (int i = 0; i < calls; i++) {
            ticker.advance(gap);
            controller.arrived(ticker.read());
        }
    }

    @Test
    void snapshotReportsTheFigures() {
        BatchController controller = controller(256, 1);
        teachExactly(controller);
        arrive(controller, 100, 100_000);
        feed(controller, 100, 5_000_000);
        controller.tick(ticker.read());
        BatchControllerSnapshot snapshot = controller.snapshot();
        assertEquals(controller.cap(), snapshot.cap());
        assertEquals(controller.modelCap(), snapshot.modelCap());
        assertEquals(A, snapshot.costInterceptNanos(), A * 1e-6);
        assertEquals(B, snapshot.costPerItemNanos(), B * 1e-6);
        assertEquals(200, snapshot.costSamples());
        assertEquals(5_000_000, snapshot.observedP99Nanos(), 5_000_000 * 0.01);
        assertEquals(Optional.of(Duration.ofNanos(SLO)), snapshot.slo());
        // The feed above took 100 µs since the last arrival: no more than the mean gap, so the rate stands.
        assertEquals(10_000, snapshot.arrivalsPerSecond(), 10_000 * 0.01);
    }

    @Test
    void rejectsANonPositiveSlo() {
        assertThrows(IllegalArgumentException.class,
                () -> new BatchController(settings(8, 1, Duration.ZERO, Duration.ZERO), ticker));
    }

    @Test
    void syntheticNoiseSanity() {
        // The simulation's service times have the mean and spread the brute-force optimum assumes.
        SplittableRandom random = new SplittableRandom(3);
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += NOISY.nanos(10, random);
        }
        assertEquals((A + B * 10) * (1 + NOISE / 2), sum / 10_000, (A + B * 10) * 0.005);
    }
}
