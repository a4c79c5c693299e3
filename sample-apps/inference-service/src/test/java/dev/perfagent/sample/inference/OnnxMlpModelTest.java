package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ONNX model against the pure-Java {@link MlpModel} built from the same seed, the reference. */
class OnnxMlpModelTest {

  /** Float sums in another order (ONNX Runtime's GEMM kernels) differ in the last bits only. */
  private static final float REFERENCE_TOLERANCE = 1e-4f;
  private static final float BATCH_TOLERANCE = 1e-5f;

  private static final int[] SMALL = {64, 128, 16};
  private static final int[] LARGE = {256, 1024, 16};

  private static OnnxMlpModel small;
  private static OnnxMlpModel large;

  @BeforeAll
  static void open() {
    small = new OnnxMlpModel(MlpWeights.generate(SMALL, MlpModel.DEFAULT_SEED));
    large = new OnnxMlpModel(MlpWeights.generate(LARGE, MlpModel.DEFAULT_SEED));
  }

  @AfterAll
  static void close() {
    // Null when open() failed: its error is the one to see.
    if (small != null) {
      small.close();
    }
    if (large != null) {
      large.close();
    }
  }

  @Test
  void scoreMatchesTheJavaReference() {
    assertMatchesReference(small, new MlpModel(SMALL, MlpModel.DEFAULT_SEED));
    assertMatchesReference(large, new MlpModel(LARGE, MlpModel.DEFAULT_SEED));
  }

  @Test
  void batchCallsAndTheirItemsAreCountedSingleCallsAreNot() {
    try (OnnxMlpModel onnx = new OnnxMlpModel(MlpWeights.generate(SMALL, 5))) {
      onnx.score(SeededInput.generate(1, 64));
      onnx.scoreBatch(new float[][] {SeededInput.generate(2, 64), SeededInput.generate(3, 64)});
      onnx.scoreBatch(new float[0][]);
      assertEquals(2, onnx.batchCalls());
      assertEquals(2, onnx.batchedItems());
    }
  }

  @Test
  void deeperOddSizedModelMatchesTheJavaReference() {
    int[] sizes = {37, 300, 129, 5};
    try (OnnxMlpModel onnx = new OnnxMlpModel(MlpWeights.generate(sizes, 3))) {
      assertMatchesReference(onnx, new MlpModel(sizes, 3));
    }
  }

  @Test
  void scoreBatchRowsEqualSingleScores() {
    for (OnnxMlpModel model : List.of(small, large)) {
      // 64 and 128 are the batch sizes a batching layer would form; 7 is a ragged one.
      for (int size : new int[] {1, 7, 64, 128}) {
        float[][] inputs = inputs(size, model.inputSize(), 500);
        float[][] batch = model.scoreBatch(inputs);
        assertEquals(size, batch.length);
        for (int i = 0; i < size; i++) {
          assertArrayEquals(model.score(inputs[i]), batch[i], BATCH_TOLERANCE, "batch " + size + " item " + i);
        }
      }
    }
  }

  @Test
  void moreIntraOpThreadsComputeTheSameFunction() {
    try (OnnxMlpModel twoThreads = new OnnxMlpModel(MlpWeights.generate(LARGE, MlpModel.DEFAULT_SEED), 2)) {
      float[][] inputs = inputs(16, 256, 9);
      float[][] expected = large.scoreBatch(inputs);
      float[][] actual = twoThreads.scoreBatch(inputs);
      for (int i = 0; i < inputs.length; i++) {
        assertArrayEquals(expected[i], actual[i], BATCH_TOLERANCE, "item " + i);
      }
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnResult() throws Exception {
    float[][] inputs = inputs(64, 64, 2000);
    float[][] expected = small.scoreBatch(inputs);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (float[] input : inputs) {
          results.add(pool.submit(() -> small.score(input)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(expected[i % inputs.length], results.get(i).get(), BATCH_TOLERANCE, "call " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shapeAndRuntimeAreReported() {
    assertArrayEquals(LARGE, large.layerSizes());
    assertEquals(256, large.inputSize());
    assertEquals(16, large.outputSize());
    assertEquals("onnxruntime", large.runtime());
  }

  @Test
  void emptyBatchGivesNoOutputs() {
    assertEquals(0, small.scoreBatch(new float[0][]).length);
  }

  @Test
  void badInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> small.score(new float[63]));
    assertThrows(IllegalArgumentException.class, () -> small.score(null));
    assertThrows(IllegalArgumentException.class, () -> small.scoreBatch(null));
    assertThrows(IllegalArgumentException.class, () -> small.scoreBatch(new float[][] {new float[64], new float[65]}));
    assertThrows(IllegalArgumentException.class, () -> new OnnxMlpModel(MlpWeights.generate(SMALL, 1), 0));
  }

  @Test
  void scoreDoesNotMutateItsInput() {
    float[] input = SeededInput.generate(5, 64);
    float[] copy = input.clone();
    small.score(input);
    small.scoreBatch(new float[][] {input});
    assertArrayEquals(copy, input);
  }

  private static void assertMatchesReference(ScoringModel onnx, MlpModel reference) {
    float[][] inputs = inputs(32, reference.inputSize(), 100);
    float[][] batch = onnx.scoreBatch(inputs);
    for (int i = 0; i < inputs.length; i++) {
      float[] expected = reference.score(inputs[i]);
      assertArrayEquals(expected, onnx.score(inputs[i]), REFERENCE_TOLERANCE, "score, item " + i);
      assertArrayEquals(expected, batch[i], REFERENCE_TOLERANCE, "scoreBatch, item " + i);
    }
  }

  private static float[][] inputs(int count, int size, long firstSeed) {
    float[][] inputs = new float[count][];
    for (int i = 0; i < count; i++) {
      inputs[i] = SeededInput.generate(firstSeed + i, size);
    }
    return inputs;
  }
}
