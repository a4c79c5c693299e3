package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MlpModelTest {

  private final MlpModel model = new MlpModel();

  @Test
  void defaultModelHasDefaultShape() {
    assertArrayEquals(new int[] {256, 1024, 16}, MlpModel.DEFAULT_LAYER_SIZES);
    assertArrayEquals(MlpModel.DEFAULT_LAYER_SIZES, model.layerSizes());
    assertEquals(256, model.inputSize());
    assertEquals(16, model.outputSize());
    assertEquals(16, model.score(SeededInput.generate(1, 256)).length);
  }

  @Test
  void batchCallsAndTheirItemsAreCounted() {
    MlpModel small = new MlpModel(new int[] {4, 3, 2}, 1);
    small.score(new float[4]);
    small.scoreBatch(new float[][] {new float[4], new float[4], new float[4]});
    assertEquals(1, small.batchCalls());
    assertEquals(3, small.batchedItems());
  }

  @Test
  void sameSeedGivesSameOutputs() {
    MlpModel twin = new MlpModel(MlpModel.DEFAULT_LAYER_SIZES, MlpModel.DEFAULT_SEED);
    float[] input = SeededInput.generate(7, 256);
    assertArrayEquals(model.score(input), twin.score(input));
    assertArrayEquals(model.score(input), model.score(input));
  }

  @Test
  void aSeedKeepsItsWeights() {
    // Computed before the weights moved into MlpWeights: a seed must keep meaning the same model.
    float[] expected = {
      -0.34756878f, -0.7672776f, -0.39598042f, -1.4635409f, 1.0323436f, 0.17755052f, 0.5138958f, 2.214659f,
      0.10464876f, 1.5579168f, -0.1724856f, 0.7945747f, -1.2387652f, 1.5617107f, 0.29089f, 0.17248651f
    };
    assertArrayEquals(expected, model.score(SeededInput.generate(12345, 256)));
    MlpWeights weights = MlpWeights.generate(MlpModel.DEFAULT_LAYER_SIZES, MlpModel.DEFAULT_SEED);
    assertArrayEquals(expected, new MlpModel(weights).score(SeededInput.generate(12345, 256)));
  }

  @Test
  void differentSeedGivesDifferentOutputs() {
    MlpModel other = new MlpModel(MlpModel.DEFAULT_LAYER_SIZES, MlpModel.DEFAULT_SEED + 1);
    float[] input = SeededInput.generate(7, 256);
    assertFalse(Arrays.equals(model.score(input), other.score(input)));
  }

  @Test
  void outputsAreFiniteAndDependOnInput() {
    float[] a = model.score(SeededInput.generate(1, 256));
    float[] b = model.score(SeededInput.generate(2, 256));
    for (float v : a) {
      assertTrue(Float.isFinite(v));
    }
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void scoreBatchEqualsScoreForEveryItem() {
    // 70 rows: more than two row tiles plus a ragged one.
    float[][] inputs = new float[70][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = SeededInput.generate(1000 + i, 256);
    }
    float[][] batch = model.scoreBatch(inputs);
    assertEquals(inputs.length, batch.length);
    for (int i = 0; i < inputs.length; i++) {
      assertEquals(16, batch[i].length);
      assertArrayEquals(model.score(inputs[i]), batch[i], 1e-5f, "item " + i);
    }
  }

  @Test
  void scoreBatchEqualsScoreForOddLayerSizes() {
    MlpModel odd = new MlpModel(new int[] {37, 300, 129, 5}, 3);
    float[][] inputs = new float[9][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = SeededInput.generate(i, 37);
    }
    float[][] batch = odd.scoreBatch(inputs);
    for (int i = 0; i < inputs.length; i++) {
      assertEquals(5, batch[i].length);
      assertArrayEquals(odd.score(inputs[i]), batch[i], 1e-5f, "item " + i);
    }
  }

  @Test
  void emptyBatchGivesNoOutputs() {
    assertEquals(0, model.scoreBatch(new float[0][]).length);
  }

  @Test
  void wrongInputSizeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> model.score(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> model.score(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> model.scoreBatch(new float[][] {new float[256], new float[255]}));
  }

  @Test
  void badLayerSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MlpModel(new int[] {4}, 1));
    assertThrows(IllegalArgumentException.class, () -> new MlpModel(new int[] {4, 0, 2}, 1));
  }

  @Test
  void scoreDoesNotMutateItsInput() {
    float[] input = SeededInput.generate(5, 256);
    float[] copy = input.clone();
    model.score(input);
    model.scoreBatch(new float[][] {input});
    assertArrayEquals(copy, input);
  }
}
