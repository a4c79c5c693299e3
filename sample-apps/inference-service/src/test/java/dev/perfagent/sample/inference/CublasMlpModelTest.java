package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --model mlp --device cuda}: the cuBLAS model computes the pure-Java MLP's function on a GPU, or, on a
 * host without one (every CI machine), refuses in one line. Each test detects which host it is on and skips the
 * other half.
 */
class CublasMlpModelTest {

  private static final int[] LAYERS = {256, 1024, 16};
  /** cuBLAS sums in its own order: float rounding, relative to the outputs' scale (about 1). */
  private static final float TOLERANCE = 1e-4f;

  /** The model on this host, or the reason there is none. */
  private static Object openOrReason() {
    try {
      return CublasMlpModel.open(MlpWeights.generate(LAYERS, 7));
    } catch (DeviceUnavailableException e) {
      return e;
    }
  }

  @Test
  void withoutAGpuOpeningFailsWithOneLineThatSaysWhatItNeeds() {
    Object opened = openOrReason();
    if (opened instanceof CublasMlpModel model) {
      model.close();
      assumeTrue(false, "this host has a CUDA GPU");
    }
    String message = ((DeviceUnavailableException) opened).getMessage();
    assertTrue(message.startsWith("--device cuda with --model mlp: "), message);
    assertTrue(message.endsWith(DeviceUnavailableException.CUBLAS_NEEDS + ", or run with --device cpu"), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void loadWithMlpOnCudaWithoutAGpuExitsWithStatus1AndOneLine() throws Exception {
    Object opened = openOrReason();
    if (opened instanceof CublasMlpModel model) {
      model.close();
      assumeTrue(false, "this host has a CUDA GPU");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"load", "--model", "mlp", "--device", "cuda", "--clients", "1",
        "--warmup", "0s", "--duration", "1s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("inference-service: --device cuda with --model mlp: "), lines.get(0));
  }

  @Test
  void onAGpuEveryBatchSizeMatchesThePureJavaModel() {
    Object opened = openOrReason();
    assumeTrue(opened instanceof CublasMlpModel, () -> "no CUDA here: " + opened);
    MlpModel reference = new MlpModel(MlpWeights.generate(LAYERS, 7));
    try (CublasMlpModel gpu = (CublasMlpModel) opened) {
      assertEquals(Device.CUDA, gpu.device());
      assertEquals("cublas", gpu.runtime());
      SplittableRandom random = new SplittableRandom(3);
      // 1 and 3 fit the first buffers; 64 fills them; 200 and 513 make them grow.
      for (int n : new int[] {1, 3, 64, 200, 513, 2}) {
        float[][] inputs = inputs(random, n);
        float[][] expected = reference.scoreBatch(inputs);
        float[][] batch = gpu.scoreBatch(inputs);
        assertEquals(n, batch.length);
        for (int r = 0; r < n; r++) {
          assertClose(expected[r], batch[r], "batch of " + n + ", item " + r);
        }
        assertClose(expected[0], gpu.score(inputs[0]), "single after a batch of " + n);
      }
      assertEquals(6, gpu.batchCalls());
      assertEquals(1 + 3 + 64 + 200 + 513 + 2, gpu.batchedItems());
      assertThrows(IllegalArgumentException.class, () -> gpu.score(new float[5]));
    }
  }

  @Test
  void onAGpuConcurrentCallersEachGetTheirOwnOutputsAndAClosedModelRefuses() throws Exception {
    Object opened = openOrReason();
    assumeTrue(opened instanceof CublasMlpModel, () -> "no CUDA here: " + opened);
    MlpModel reference = new MlpModel(MlpWeights.generate(LAYERS, 7));
    CublasMlpModel gpu = (CublasMlpModel) opened;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        calls.add(pool.submit((Callable<Void>) () -> {
          SplittableRandom random = new SplittableRandom(100 + seed);
          for (int i = 0; i < 50; i++) {
            float[][] inputs = inputs(random, 1 + i % 5);
            float[][] expected = reference.scoreBatch(inputs);
            float[][] got = i % 2 == 0 ? gpu.scoreBatch(inputs) : new float[][] {gpu.score(inputs[0])};
            for (int r = 0; r < got.length; r++) {
              assertClose(expected[r], got[r], "thread " + seed + " call " + i);
            }
          }
          return null;
        }));
      }
      for (Future<?> call : calls) {
        call.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      gpu.close();
    }
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> gpu.score(new float[256]));
    assertEquals("the model is closed", closed.getMessage());
  }

  private static float[][] inputs(SplittableRandom random, int n) {
    float[][] inputs = new float[n][LAYERS[0]];
    for (float[] row : inputs) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextDouble(-1, 1);
      }
    }
    return inputs;
  }

  private static void assertClose(float[] expected, float[] actual, String where) {
    assertEquals(expected.length, actual.length, where);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > TOLERANCE * Math.max(1f, Math.abs(expected[i]))) {
        fail(where + ": output " + i + " is " + actual[i] + ", the pure-Java model gives " + expected[i]);
      }
    }
  }
}
