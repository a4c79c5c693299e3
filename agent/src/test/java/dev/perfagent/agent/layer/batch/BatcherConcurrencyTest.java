package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many threads, one batcher: every caller gets exactly its own outcome, and batches really form. */
class BatcherConcurrencyTest {
    private static final int CALLERS = 64;

    static BatchSettings settings(int maxSize, int workers) {
        return new BatchSettings(maxSize, workers, 4096, WhenFull.RUN_ALONE, Optional.empty(), Optional.empty(),
                BatchSettings.DEFAULT_MAX_DELAY);
    }

    /**
     * Holds the first batch until it and the calls queued behind it make {@code count}, so the next batches
     * are large; with more than one worker, only until another worker starts a batch (it drains the queue
     * meanwhile).
     */
    static Model holdingFirstBatchUntil(AtomicReference<Batcher> batcher, int count) {
        Model model = new Model();
        return model.holdingFirstBatch(size -> Eventually.until(count + " calls in or behind the first batch",
                () -> size + batcher.get().queued() >= count || model.applies.get() > 1));
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {1, 2, 4})
    void everyCallerGetsItsOwnResultExactlyOnce(int workers) throws Exception {
        SplittableRandom random = new SplittableRandom();
        for (int round = 0; round < 20; round++) {
            Model model = new Model();
            BatchSettings settings = settings(16, workers);
            BatchStats stats = new BatchStats(settings.maxSize());
            FixedPolicy policy = new FixedPolicy(settings);
            Batcher batcher = new Batcher("score", model, policy, settings, Ticker.SYSTEM, stats);

            CountDownLatch go = new CountDownLatch(1);
            List<Caller> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                callers.add(Caller.start(batcher, i * 1000 + random.nextInt(1000), go));
            }
            go.countDown();
            for (Caller caller : callers) {
                assertEquals(Model.f((Integer) caller.input), caller.result());
            }
            for (Caller caller : callers) {
                assertEquals(1, model.answered.get(caller.input).sum(), "answered once: " + caller.input);
            }
            assertEquals(CALLERS, model.answered.size());
            assertEquals(CALLERS, stats.items());
            assertEquals(CALLERS, policy.callsDone.sum());
            assertEquals(model.applies.get(), stats.batches());
            assertTrue(model.maxRunning.get() <= workers, "batches in flight " + model.maxRunning.get());
            assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(0, batcher.busyWorkers());
        }
    }

    /**
     * Beside a running batch a second worker starts only once half a batch (4 of 8) is queued: with three
     * queued it would run batches of a few calls while the callers of the first are blocked.
     */
    @Test
    void aSecondWorkerStartsOnlyOnceHalfABatchIsQueued() throws Exception {
        Model model = new Model();
        BatchSettings settings = settings(8, 2);
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, new FixedPolicy(settings), settings, Ticker.SYSTEM, stats);
        Model.Gate gate = new Model.Gate();
        Caller holder = Caller.start(batcher, gate);
        gate.awaitEntered();

        List<Caller> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(Caller.start(batcher, i));
        }
        // Parked in the queue with no one owing them a wake-up: the state cannot change any more.
        Eventually.until("three callers parked in the queue", () -> batcher.queued() == 3
                && queued.stream().allMatch(c -> c.thread.getState() == Thread.State.WAITING));
        assertEquals(1, model.applies.get(), "no second batch for 3 queued calls: " + model.sizes);

        queued.add(Caller.start(batcher, 3));
        Eventually.until("a second batch beside the held one", () -> model.applies.get() == 2);
        assertEquals(List.of(1, 4), new ArrayList<>(model.sizes));
        for (Caller caller : queued) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
        gate.open();
        assertSame(gate, holder.result());
        assertEquals(2, model.maxRunning.get());
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
    }

    @RepeatedTest(10)
    void onlyThePoisonedCallersGetTheirOwnException() throws Exception {
        SplittableRandom random = new SplittableRandom();
        AtomicReference<Batcher> ref = new AtomicReference<>();
        Model model = holdingFirstBatchUntil(ref, CALLERS / 2);
        BatchSettings settings = settings(32, 1 + random.nextInt(2));
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, new FixedPolicy(settings), settings, Ticker.SYSTEM, stats);
        ref.set(batcher);

        CountDownLatch go = new CountDownLatch(1);
        List<Caller> callers = new ArrayList<>();
        int poisoned = 0;
        for (int i = 0; i < CALLERS; i++) {
            boolean poison = random.nextInt(100) < 15;
            poisoned += poison ? 1 : 0;
            callers.add(Caller.start(batcher, poison ? new Model.Poison(i) : (Object) i, go));
        }
        go.countDown();

        int failures = 0;
        for (Caller caller : callers) {
            if (caller.input instanceof Model.Poison) {
                Throwable thrown = caller.failure();
                Model.PoisonException own = assertInstanceOf(Model.PoisonException.class, thrown);
                assertSame(caller.input, own.input, "a poisoned caller gets the exception for its own input");
                failures++;
            } else {
                assertEquals(Model.f((Integer) caller.input), caller.result());
                assertEquals(1, model.answered.get(caller.input).sum(), "answered once: " + caller.input);
            }
        }
        assertEquals(poisoned, failures);
        assertEquals(CALLERS - poisoned, model.answered.size());
        assertEquals(CALLERS, stats.items());
        assertTrue(stats.isolatedFailures() <= poisoned);
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
    }

    @Test
    void batchesFormUnderConcurrencyAndRespectTheCap() throws Exception {
        AtomicReference<Batcher> ref = new AtomicReference<>();
        Model model = holdingFirstBatchUntil(ref, CALLERS);
        BatchSettings settings = settings(8, 1);
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, new FixedPolicy(settings), settings, Ticker.SYSTEM, stats);
        ref.set(batcher);

        CountDownLatch go = new CountDownLatch(1);
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(Caller.start(batcher, i, go));
        }
        go.countDown();
        for (Caller caller : callers) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
        assertEquals(8, model.maxSize(), "batches fill up to the cap and no further: " + model.sizes);
        assertEquals(8, stats.batchSizes().getMaxValue());
        assertEquals(model.applies.get(), stats.batchSizes().getTotalCount());
        assertEquals(CALLERS, stats.items());
        assertTrue(stats.serviceTime().getTotalCount() > 0);
        assertEquals(CALLERS, stats.queueWait().getTotalCount());
    }

    @Test
    void aPolicyThatThrowsEverywhereLosesNoCall() throws Exception {
        BatchPolicy broken = new BatchPolicy() {
            @Override
            public int cap() {
                throw new IllegalStateException("cap");
            }

            @Override
            public long waitNanos(int queued, long oldestArrival, long now) {
                throw new IllegalStateException("waitNanos");
            }

            @Override
            public boolean shed(int queuedAhead, int busyWorkers, long now) {
                throw new IllegalStateException("shed");
            }

            @Override
            public void arrived(long now) {
                throw new IllegalStateException("arrived");
            }

            @Override
            public void batchDone(int size, long serviceNanos, long now) {
                throw new IllegalStateException("batchDone");
            }

            @Override
            public void callDone(long latencyNanos, long now) {
                throw new IllegalStateException("callDone");
            }
        };
        AtomicReference<Batcher> ref = new AtomicReference<>();
        Model model = holdingFirstBatchUntil(ref, CALLERS / 2);
        BatchSettings settings = settings(16, 1);
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, broken, settings, Ticker.SYSTEM, stats);
        ref.set(batcher);

        CountDownLatch go = new CountDownLatch(1);
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(Caller.start(batcher, i % 7 == 3 ? new Model.Poison(i) : (Object) i, go));
        }
        go.countDown();
        for (Caller caller : callers) {
            if (caller.input instanceof Model.Poison) {
                assertInstanceOf(Model.PoisonException.class, caller.failure());
            } else {
                assertEquals(Model.f((Integer) caller.input), caller.result());
            }
        }
        assertTrue(stats.faults() >= CALLERS, "arrived() alone threw once per call: " + stats.faults());
        assertInstanceOf(IllegalStateException.class, stats.lastFault());
        assertTrue(model.maxSize() > 1, "the cap falls back to max-size: " + model.sizes);
        assertTrue(model.maxSize() <= 16);
    }

    @Test
    void aLeaderWaitsForItsBatchToFillWhenThePolicySaysSo() throws Exception {
        Model model = new Model();
        BatchSettings settings = new BatchSettings(4, 1, 64, WhenFull.RUN_ALONE, Optional.empty(),
                Optional.of(Duration.ofMillis(100)), Duration.ofSeconds(30));
        // Waits "forever" (well past the test's guard) unless woken by the fourth arrival.
        FixedPolicy policy = new FixedPolicy(4, TimeUnit.SECONDS.toNanos(60), false);
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, policy, settings, Ticker.SYSTEM, stats);

        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(Caller.start(batcher, i));
            int queued = i + 1;
            if (queued < 4) {
                Eventually.until(queued + " queued", () -> batcher.queued() == queued);
            }
        }
        for (Caller caller : callers) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
        assertEquals(List.of(4), new ArrayList<>(model.sizes), "one batch, formed once the cap was reached");
    }
}
