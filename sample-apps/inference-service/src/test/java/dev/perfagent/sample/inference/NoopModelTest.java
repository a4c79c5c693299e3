package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoopModelTest {

  @Test
  void scoresEveryItemToTheSameConstantAndCountsBatches() {
    ScoringModel model = ModelKind.NOOP.open(new int[] {3, 100, 2}, 1, 1);
    assertEquals(3, model.inputSize());
    assertEquals(2, model.outputSize());
    assertEquals("noop", model.runtime());
    float[] one = model.score(new float[] {1, 2, 3});
    float[] two = model.score(new float[] {4, 5, 6});
    assertArrayEquals(one, two);
    assertNotSame(one, two); // callers may change what they get
    float[][] batch = model.scoreBatch(new float[][] {{1, 2, 3}, {0, 0, 0}});
    assertArrayEquals(one, batch[0]);
    assertArrayEquals(one, batch[1]);
    model.scoreBatch(new float[][] {{1, 2, 3}});
    assertEquals(2, model.batchCalls());
    assertEquals(3, model.batchedItems());
  }

  @Test
  void checksInputsLikeTheRealModels() {
    NoopModel model = new NoopModel(new int[] {3, 2});
    assertThrows(IllegalArgumentException.class, () -> model.score(new float[2]));
    assertThrows(IllegalArgumentException.class, () -> model.score(null));
    assertThrows(IllegalArgumentException.class, () -> model.scoreBatch(new float[][] {{1, 2, 3}, null}));
    assertThrows(IllegalArgumentException.class, () -> new NoopModel(new int[] {3}));
  }
}
