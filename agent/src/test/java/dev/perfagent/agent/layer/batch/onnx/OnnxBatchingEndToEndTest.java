package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads calling {@code OrtSession#run} through the batch layer with the real batcher, as woven code
 * would: each caller gets its own outputs (equal to an unbatched run within 1e-5) or its own exception.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OnnxBatchingEndToEndTest {
    private static final int THREADS = 32;
    private static final int CALLS_PER_THREAD = 20;
    private static final int MAX_ROUNDS = 30;

    private final OrtFixture ort = new OrtFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        ort.close();
    }

    private BatchLayer layer(Class<?>[] overload) throws Exception {
        BatchSettings settings = new BatchSettings(64, 1, 4096, WhenFull.RUN_ALONE, Optional.empty(), Optional.empty(),
                BatchSettings.DEFAULT_MAX_DELAY);
        return new BatchLayer("ai.onnxruntime.OrtSession#run(java.util.Map)", ort.adapter(overload), settings,
                Duration.ZERO, Ticker.SYSTEM, ort.log);
    }



    @Test
    void concurrentCallersAreMergedAndEachGetsItsOwnOutputs() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(16, 32, 4, 3, OnnxTestModels.BATCH));
        BatchLayer layer = layer(OrtFixture.RUN);
        SplittableRandom seeds = new SplittableRandom(3);
        int rounds = 0;
        while (layer.stats().batchSizes().getMaxValue() < 2 || rounds < 2) {
            assertTrue(++rounds <= MAX_ROUNDS, "no batch of more than one call formed in " + MAX_ROUNDS + " rounds");
            long seed = seeds.nextLong();
            List<Integer> checked = OrtFixture.onAllThreads(pool, THREADS, () -> {
                SplittableRandom random = new SplittableRandom(seed ^ Thread.currentThread().getId());
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    int rows = 1 + random.nextInt(3);
                    try (OnnxTensor input = OnnxTensor.createTensor(OrtFixture.ENV, java.nio.FloatBuffer.wrap(
                            OrtFixture.randomFloats(random, rows * 16)), new long[] {rows, 16})) {
                        Map<String, OnnxTensor> inputs = Map.of("x", input);
                        try (OrtSession.Result expected = session.run(inputs);
                                OrtSession.Result actual = (OrtSession.Result) OrtFixture.wovenCall(layer, session,
                                        new Object[] {inputs}, () -> session.run(inputs))) {
                            OrtFixture.assertSameResult(expected, actual);
                        } catch (Throwable t) {
                            throw new AssertionError(t);
                        }
                    }
                }
                return CALLS_PER_THREAD;
            });
            assertEquals(THREADS * CALLS_PER_THREAD, checked.stream().mapToInt(Integer::intValue).sum());
        }
        assertTrue(layer.stats().batches() < layer.stats().items(), "fewer runs than calls");
        assertEquals(0, layer.stats().faults(), String.valueOf(layer.stats().lastFault()));
        ort.assertBatchValuesClosed();
        assertTrue(layer.close(Duration.ofSeconds(10)));
    }


    @Test
    void aCallThatFailsInABatchGetsItsOwnOrtExceptionAndTheOthersTheirRows() throws Exception {
        int tableRows = 10;
        OrtSession session = ort.session(OnnxTestModels.gather(tableRows, 3, 9));
        float[][] table = tableOf(session, tableRows);
        BatchLayer layer = layer(OrtFixture.RUN);
        SplittableRandom seeds = new SplittableRandom(5);
        int rounds = 0;
        while (layer.stats().isolatedFailures() == 0 || rounds < 2) {
            assertTrue(++rounds <= MAX_ROUNDS, "no batch held a failing call in " + MAX_ROUNDS + " rounds");
            long seed = seeds.nextLong();
            OrtFixture.onAllThreads(pool, THREADS, () -> {
                SplittableRandom random = new SplittableRandom(seed ^ Thread.currentThread().getId());
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    boolean poisoned = random.nextInt(10) == 0;
                    long[] idx = {random.nextInt(tableRows), poisoned ? 42 : random.nextInt(tableRows)};
                    try (OnnxTensor input = OnnxTensor.createTensor(OrtFixture.ENV, idx)) {
                        Map<String, OnnxTensor> inputs = Map.of("idx", input);
                        Object result;
                        try {
                            result = OrtFixture.wovenCall(layer, session, new Object[] {inputs},
                                    () -> session.run(inputs));
                        } catch (Throwable t) {
                            result = t;
                        }
                        if (poisoned) {
                            assertInstanceOf(OrtException.class, result, "the poisoned caller's own exception");
                            assertTrue(((OrtException) result).getMessage().contains("idx=42"), ((Throwable) result).getMessage());
                        } else {
                            assertInstanceOf(OrtSession.Result.class, result, "a healthy caller's result");
                            try (OrtSession.Result rows = (OrtSession.Result) result) {
                                float[][] got = (float[][]) rows.get(0).getValue();
                                assertEquals(2, got.length);
                                assertArrayEquals(table[(int) idx[0]], got[0], 1e-6f);
                                assertArrayEquals(table[(int) idx[1]], got[1], 1e-6f);
                            }
                        }
                    }
                }
                return null;
            });
        }
        ort.assertBatchValuesClosed();
        assertTrue(layer.close(Duration.ofSeconds(10)));
    }

    /** The model's table, read back one row at a time without the agent. */
    private static float[][] tableOf(OrtSession session, int rows) throws OrtException {
        float[][] table = new float[rows][];
        for (int r = 0; r < rows; r++) {
            try (OnnxTensor idx = OnnxTensor.createTensor(OrtFixture.ENV, new long[] {r});
                    OrtSession.Result result = session.run(Map.of("idx", idx))) {
                table[r] = ((float[][]) result.get(0).getValue())[0];
            }
        }
        return table;
    }
}
