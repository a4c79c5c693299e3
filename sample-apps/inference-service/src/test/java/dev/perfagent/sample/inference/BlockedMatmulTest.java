package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedMatmulTest {

  private final SplittableRandom random = new SplittableRandom(99);

  @Test
  void blockedEqualsNaiveTripleLoopOnRandomShapes() {
    // Sizes straddle the tile sizes so full, partial and single tiles are all exercised.
    int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {65, 9, 1025}, {64, 8, 1024}, {17, 300, 40}, {130, 2, 2100}, {100, 300, 16}, {70, 33, 5}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int shared = shape[1];
      int cols = shape[2];
      float[][] a = randomMatrix(rows, shared);
      float[][] b = randomMatrix(shared, cols);
      float[][] expected = naive(a, b);
      float[][] actual = new float[rows][cols];
      BlockedMatmul.multiply(a, b, actual);
      for (int i = 0; i < rows; i++) {
        int row = i;
        assertArrayEquals(expected[i], actual[i], 1e-4f, () -> "shape " + rows + "x" + shared + "x" + cols + " row " + row);
      }
    }
  }

  @Test
  void vectorProductEqualsOneRowOfTheBlockedProduct() {
    int shared = 200;
    int cols = 300;
    float[][] x = randomMatrix(1, shared);
    float[][] b = randomMatrix(shared, cols);
    float[] viaVector = new float[cols];
    float[][] viaBlocked = new float[1][cols];
    BlockedMatmul.multiplyVector(x[0], b, viaVector);
    BlockedMatmul.multiply(x, b, viaBlocked);
    // Same summation order, so exactly equal.
    assertArrayEquals(viaBlocked[0], viaVector);
  }

  @Test
  void everyRowOfABatchIsBitIdenticalToTheVectorProduct() {
    // 1030 columns spans two column tiles; 150 shared values leave a k remainder (150 % 4 != 0).
    for (int cols : new int[] {16, 1030}) {
      float[][] a = randomMatrix(90, 150);
      float[][] b = randomMatrix(150, cols);
      float[][] c = new float[90][cols];
      BlockedMatmul.multiply(a, b, c);
      for (int i = 0; i < a.length; i++) {
        float[] y = new float[cols];
        BlockedMatmul.multiplyVector(a[i], b, y);
        assertArrayEquals(y, c[i], "cols " + cols + " row " + i);
      }
    }
  }

  @Test
  void accumulatesIntoExistingValues() {
    float[][] a = randomMatrix(80, 20);
    float[][] b = randomMatrix(20, 8);
    float[][] c = randomMatrix(80, 8);
    float[][] expected = naive(a, b);
    for (int i = 0; i < c.length; i++) {
      for (int j = 0; j < 8; j++) {
        expected[i][j] += c[i][j];
      }
    }
    BlockedMatmul.multiply(a, b, c);
    for (int i = 0; i < c.length; i++) {
      assertArrayEquals(expected[i], c[i], 1e-4f, "row " + i);
    }
  }

  @Test
  void tooSmallArraysAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BlockedMatmul.multiply(new float[2][3], new float[3][2], new float[2][3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> BlockedMatmul.multiply(new float[][] {new float[3], new float[2]}, new float[3][2], new float[2][2]));
    assertThrows(
        IllegalArgumentException.class, () -> BlockedMatmul.multiplyVector(new float[4], new float[3][2], new float[2]));
  }

  private float[][] randomMatrix(int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) random.nextDouble(-1, 1);
      }
    }
    return m;
  }

  private static float[][] naive(float[][] a, float[][] b) {
    int rows = a.length;
    int shared = b.length;
    int cols = b[0].length;
    float[][] c = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = 0;
        for (int k = 0; k < shared; k++) {
          sum += (double) a[i][k] * b[k][j];
        }
        c[i][j] = (float) sum;
      }
    }
    return c;
  }
}
