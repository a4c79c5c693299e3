package dev.perfagent.agent.layer.batch.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.onnx.OnnxTestModels;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL adapter against the real DJL with its ONNX Runtime engine: batched results equal unbatched ones. */
class DjlPredictAdapterTest {
    private static final int IN = 16;
    private static final int OUT = 4;

    @TempDir
    static Path dir;
    private static Model model;

    /** float[] in, the first output row out; stacks with a batchifier unless told not to. */
    static final class RowTranslator implements Translator<float[], float[]> {
        private final boolean batchable;

        RowTranslator(boolean batchable) {
            this.batchable = batchable;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            return new NDList(ctx.getNDManager().create(input));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(0).toFloatArray();
        }

        @Override
        public Batchifier getBatchifier() {
            return batchable ? new RowBatchifier() : null;
        }
    }

    /**
     * Stacks rows by copying floats: DJL's own {@code Batchifier.STACK} needs NDArray operations the
     * OnnxRuntime engine alone does not implement (it expects a second engine for those).
     */
    static final class RowBatchifier implements Batchifier {
        private static final long serialVersionUID = 1L;

        @Override
        public NDList batchify(NDList[] inputs) {
            NDArray first = inputs[0].get(0);
            float[] all = new float[inputs.length * IN];
            for (int i = 0; i < inputs.length; i++) {
                System.arraycopy(inputs[i].get(0).toFloatArray(), 0, all, i * IN, IN);
            }
            return new NDList(first.getManager().create(all, new Shape(inputs.length, IN)));
        }

        @Override
        public NDList[] unbatchify(NDList batch) {
            NDArray out = batch.get(0);
            int rows = (int) out.getShape().get(0);
            int width = (int) (out.size() / rows);
            float[] all = out.toFloatArray();
            NDList[] split = new NDList[rows];
            for (int i = 0; i < rows; i++) {
                float[] row = new float[width];
                System.arraycopy(all, i * width, row, 0, width);
                split[i] = new NDList(out.getManager().create(row));
            }
            return split;
        }
    }

    @BeforeAll
    static void loadModel() throws Exception {
        Path file = dir.resolve("mlp.onnx");
        Files.write(file, OnnxTestModels.mlp(IN, 32, OUT, 7, OnnxTestModels.BATCH));
        model = Model.newInstance("mlp", "OnnxRuntime");
        model.load(file);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static BatchLayer layer(DjlPredictAdapter adapter) {
        return new BatchLayer("Predictor#predict", adapter, BatchSettings.defaults(), Duration.ZERO, Ticker.SYSTEM,
                AgentLog.toStderr(AgentLog.Level.WARN));
    }

    private static float[] input(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[IN];
        for (int i = 0; i < IN; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void concurrentPredictCallsShareBatchPredictAndEachGetsItsOwnResult() throws Exception {
        DjlPredictAdapter adapter = new DjlPredictAdapter(AgentLog.toStderr(AgentLog.Level.WARN));
        BatchLayer layer = layer(adapter);
        try (Predictor<float[], float[]> predictor = model.newPredictor(new RowTranslator(true))) {
            assertNotNull(adapter.queueKey(predictor, new Object[] {input(0)}));
            int callers = 32;
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                expected.add(predictor.predict(input(i)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    float[] x = input(i);
                    results.add(pool.submit(() -> {
                        start.await();
                        Outcome outcome = layer.call(predictor, new Object[] {x});
                        return outcome == null ? "ran alone" : outcome.thrown() != null ? outcome.thrown()
                                : outcome.value();
                    }));
                }
                start.countDown();
                for (int i = 0; i < callers; i++) {
                    Object got = results.get(i).get(30, TimeUnit.SECONDS);
                    assertTrue(got instanceof float[], "caller " + i + " got " + got);
                    float[] row = (float[]) got;
                    assertEquals(OUT, row.length);
                    assertArrayEquals(expected.get(i), row, 1e-5f, "caller " + i);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(callers, layer.stats().items());
            assertTrue(layer.stats().batches() < callers, "some calls shared a batchPredict: "
                    + layer.stats().batches() + " batches");
        }
    }

    @Test
    void aTranslatorWithoutBatchifierRunsUnbatched() {
        DjlPredictAdapter adapter = new DjlPredictAdapter(AgentLog.toStderr(AgentLog.Level.WARN));
        try (Predictor<float[], float[]> predictor = model.newPredictor(new RowTranslator(false))) {
            assertNull(adapter.queueKey(predictor, new Object[] {input(1)}));
            assertNull(layer(adapter).call(predictor, new Object[] {input(1)}), "the original predict runs");
        }
    }
}
