package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.gpu.StagingBuffer;
import dev.perfagent.gpu.StagingPoolStats;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leak test of the staging buffers: thousands of ONNX Runtime batches of varying sizes, on the CPU, merged
 * in buffers from the staging pool. Once the pool holds what the workload needs, it holds exactly that however
 * many batches run: no buffer allocated, none kept lent, none lost. Every caller gets its own outputs, equal to
 * an unbatched run of its own inputs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OnnxStagingLeakTest {
    /** Floats per row: a row is 1 KiB, so batches of 1 to 512 rows span the size classes 4 KiB to 512 KiB. */
    private static final int WIDTH = 256;
    private static final int MAX_ROWS_PER_CALL = 8;
    private static final int MAX_BATCH = 64;
    private static final int WORKERS = 2;
    private static final int THREADS = 16;

    private final OrtFixture ort = new OrtFixture();
    private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS));
        ort.close();
    }

    /**
     * One leader, batch after batch, as a batcher with one worker runs them: after a warm-up that meets every
     * size class once, the pool never allocates again.
     */
    @Test
    void batchAfterBatchThePoolStaysFlatAfterWarmUp() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(WIDTH, 16, 4, 11, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        SplittableRandom random = new SplittableRandom(17);
        BatchFunction function = null;
        // Warm-up: one batch per size class, smallest to largest (2 to 128 rows: 4 KiB to 128 KiB).
        for (int rows = 2; rows <= 128; rows *= 2) {
            List<Object[]> calls = List.of(call(random, rows / 2), call(random, rows / 2));
            if (function == null) {
                function = adapter.function(session, adapter.queueKey(session, calls.get(0)));
            }
            runAndCheck(session, function, calls);
        }
        StagingPoolStats warm = ort.staging.stats();
        assertEquals(6, warm.allocations(), "one buffer per size class: " + warm);

        int batches = 3_000;
        for (int b = 0; b < batches; b++) {
            // 2 to 16 calls of 1 to 8 rows.
            int size = 2 + random.nextInt(15);
            List<Object[]> calls = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                calls.add(call(random, 1 + random.nextInt(MAX_ROWS_PER_CALL)));
            }
            runAndCheck(session, function, calls);
        }

        StagingPoolStats after = ort.staging.stats();
        assertEquals(warm.allocations(), after.allocations(), "nothing allocated after warm-up: " + after);
        assertEquals(warm.allocatedBytes(), after.allocatedBytes(), "no growth: " + after);
        assertEquals(warm.idleBuffers(), after.idleBuffers(), "every buffer back: " + after);
        assertEquals(0, after.inUseBytes(), after.toString());
        assertEquals(0, after.overflows(), after.toString());
        assertEquals(warm.reuses() + batches, after.reuses(), "one reused buffer per batch: " + after);
        ort.assertBatchValuesClosed();
    }

    /**
     * Many threads through the batch layer and its real batcher, {@link #WORKERS} batches in flight: once the
     * pool holds two buffers of every size class (what two batches in flight can need at once), thousands of
     * calls in batches of every size leave it as it was.
     */
    @Test
    void concurrentCallersThroughTheBatcherLeaveThePoolFlat() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(WIDTH, 16, 4, 13, OnnxTestModels.BATCH));
        BatchSettings settings = new BatchSettings(MAX_BATCH, WORKERS, 4096, WhenFull.RUN_ALONE, Optional.empty(),
                Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
        BatchLayer layer = new BatchLayer("ai.onnxruntime.OrtSession#run(java.util.Map)",
                ort.adapter(OrtFixture.RUN), settings, Duration.ZERO, Ticker.SYSTEM, ort.log);
        // Warm-up: two of each size class a batch can need, 4 KiB to 512 KiB (64 calls of 8 rows).
        List<StagingBuffer> warmUp = new ArrayList<>();
        for (int bytes = 4096; bytes <= MAX_BATCH * MAX_ROWS_PER_CALL * WIDTH * Float.BYTES; bytes *= 2) {
            warmUp.add(ort.staging.acquire(bytes));
            warmUp.add(ort.staging.acquire(bytes));
        }
        warmUp.forEach(StagingBuffer::close);
        StagingPoolStats warm = ort.staging.stats();
        assertEquals(16, warm.allocations(), warm.toString());

        int callsPerThread = 250;
        List<Integer> checked = onAllThreads(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < callsPerThread; i++) {
                Object[] args = call(random, 1 + random.nextInt(MAX_ROWS_PER_CALL));
                @SuppressWarnings("unchecked")
                Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) args[0];
                Outcome outcome = layer.call(session, args);
                try (OrtSession.Result expected = session.run(inputs);
                        OrtSession.Result actual = outcome == null ? session.run(inputs)
                                : (OrtSession.Result) value(outcome)) {
                    OrtFixture.assertSameResult(expected, actual);
                } finally {
                    inputs.get("x").close();
                }
            }
            return callsPerThread;
        });
        assertEquals(THREADS * callsPerThread, checked.stream().mapToInt(Integer::intValue).sum());
        assertTrue(layer.close(Duration.ofSeconds(10)));

        StagingPoolStats after = ort.staging.stats();
        assertEquals(warm.allocations(), after.allocations(), "nothing allocated after warm-up: " + after);
        assertEquals(warm.allocatedBytes(), after.allocatedBytes(), "no growth: " + after);
        assertEquals(warm.idleBuffers(), after.idleBuffers(), "every buffer back: " + after);
        assertEquals(0, after.inUseBytes(), after.toString());
        assertEquals(0, after.overflows(), after.toString());
        assertTrue(after.reuses() > warm.reuses(), "batches were staged in the pool: " + after);
        assertTrue(layer.stats().batchSizes().getMaxValue() >= 2, "calls were merged");
        assertEquals(0, layer.stats().faults(), String.valueOf(layer.stats().lastFault()));
        ort.assertBatchValuesClosed();
    }

    /** A {@code run(Map)} call on {@code rows} rows of random floats; its tensor is the caller's to close. */
    private static Object[] call(SplittableRandom random, int rows) throws Exception {
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        OnnxTensor x = OnnxTensor.createTensor(OrtFixture.ENV, FloatBuffer.wrap(values), new long[] {rows, WIDTH});
        return new Object[] {Map.of("x", x)};
    }

    /** Runs {@code calls} as one batch and checks each caller's outputs; closes every tensor and result. */
    private static void runAndCheck(OrtSession session, BatchFunction function, List<Object[]> calls)
            throws Throwable {
        try {
            OrtFixture.assertResultsMatch(session, calls, function.apply(calls));
        } finally {
            for (Object[] call : calls) {
                ((OnnxTensor) ((Map<?, ?>) call[0]).get("x")).close();
            }
        }
    }

    private static Object value(Outcome outcome) throws Exception {
        if (outcome.thrown() != null) {
            throw new AssertionError("a caller got an exception", outcome.thrown());
        }
        return outcome.value();
    }

    /** A task that takes its thread's seed. */
    private interface Caller {
        int run(long seed) throws Exception;
    }

    /** Runs {@code task} on every thread at once, each with its own seed; returns what each returned. */
    private List<Integer> onAllThreads(Caller task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 1_000 + t;
            futures.add(callers.submit(() -> {
                go.await();
                return task.run(seed);
            }));
        }
        go.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> future : futures) {
            results.add(future.get(2, TimeUnit.MINUTES));
        }
        return results;
    }
}
