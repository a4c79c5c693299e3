package dev.perfagent.sample.inference;

/**
 * Cache-blocked single-precision matrix multiply over matrices stored as arrays of rows.
 *
 * <p>The loops are tiled so that a {@code K_BLOCK × COL_BLOCK} tile of the right-hand matrix
 * (32 KiB) stays in the L1 cache while every row of a row tile uses it; a single vector-matrix
 * product instead streams the whole weight matrix from a slower cache level once per item. That
 * reuse is what makes a batch cheaper per item.
 *
 * <p>Two details keep the inner loops fast and the results exact:
 *
 * <ul>
 *   <li>Rows are separate arrays and the inner loop indexes both with the same {@code j}: the JIT
 *       only vectorizes {@code c[j] += a * b[j]} when both accesses share one offset, and a
 *       flat row-major layout ({@code b[k * cols + j]}) measurably defeats it.
 *   <li>Both paths share one inner kernel, and for every output element the products are summed in
 *       increasing {@code k} order, so the blocked and single-item paths are bit-identical.
 * </ul>
 */
public final class BlockedMatmul {

  /** Rows of {@code a} (and {@code c}) per tile. */
  static final int ROW_BLOCK = 64;
  /** Shared dimension per tile. */
  static final int K_BLOCK = 8;
  /** Columns of {@code b} (and {@code c}) per tile. */
  static final int COL_BLOCK = 1024;

  private BlockedMatmul() {}

  /**
   * Adds {@code a × b} to {@code c}.
   *
   * @param a {@code rows} rows of {@code shared} values
   * @param b {@code shared} rows of {@code cols} values
   * @param c {@code rows} rows of {@code cols} values; usually zero on entry
   * @throws IllegalArgumentException if the shapes do not fit together
   */
  public static void multiply(float[][] a, float[][] b, float[][] c) {
    int rows = a.length;
    int shared = b.length;
    if (shared == 0 || b[0] == null) {
      throw new IllegalArgumentException("b has no first row");
    }
    int cols = b[0].length;
    checkShape(a, rows, shared, "a");
    checkShape(b, shared, cols, "b");
    checkShape(c, rows, cols, "c");
    multiplyTiled(a, b, c, rows, shared, cols);
  }

  private static void multiplyTiled(float[][] a, float[][] b, float[][] c, int rows, int shared, int cols) {
    // Row tiles outermost: one k tile of b then serves ROW_BLOCK rows while it is in L1.
    for (int i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
      int iEnd = Math.min(i0 + ROW_BLOCK, rows);
      // k tiles stay outside j tiles and rows: each c element then sees k in increasing order.
      for (int k0 = 0; k0 < shared; k0 += K_BLOCK) {
        int kEnd = Math.min(k0 + K_BLOCK, shared);
        for (int j0 = 0; j0 < cols; j0 += COL_BLOCK) {
          int jEnd = Math.min(j0 + COL_BLOCK, cols);
          for (int i = i0; i < iEnd; i++) {
            accumulate(a[i], b, c[i], k0, kEnd, j0, jEnd);
          }
        }
      }
    }
  }

  /**
   * Adds {@code x × b} to {@code y} for one row vector {@code x}: the unblocked path for a single
   * item, where there is no reuse of {@code b} to exploit.
   *
   * @throws IllegalArgumentException if the shapes do not fit together
   */
  public static void multiplyVector(float[] x, float[][] b, float[] y) {
    int shared = b.length;
    int cols = y.length;
    if (x.length != shared) {
      throw new IllegalArgumentException("x has " + x.length + " values, b has " + shared + " rows");
    }
    checkShape(b, shared, cols, "b");
    accumulate(x, b, y, 0, shared, 0, cols);
  }

  /**
   * Adds {@code aRow[k] * b[k][j]} to {@code cRow[j]} for {@code k} in {@code [k0, kEnd)} and
   * {@code j} in {@code [j0, jEnd)}. Taking four {@code k} at a time cuts the loads and stores of
   * {@code cRow} by four; Java evaluates the sum left to right, so the rounding is exactly that of
   * one {@code k} at a time.
   */
  private static void accumulate(float[] aRow, float[][] b, float[] cRow, int k0, int kEnd, int j0, int jEnd) {
    int k = k0;
    for (; k + 4 <= kEnd; k += 4) {
      float a0 = aRow[k];
      float a1 = aRow[k + 1];
      float a2 = aRow[k + 2];
      float a3 = aRow[k + 3];
      float[] b0 = b[k];
      float[] b1 = b[k + 1];
      float[] b2 = b[k + 2];
      float[] b3 = b[k + 3];
      for (int j = j0; j < jEnd; j++) {
        cRow[j] = cRow[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
      }
    }
    for (; k < kEnd; k++) {
      float ak = aRow[k];
      float[] bk = b[k];
      for (int j = j0; j < jEnd; j++) {
        cRow[j] += ak * bk[j];
      }
    }
  }

  private static void checkShape(float[][] m, int rows, int cols, String name) {
    if (m.length != rows) {
      throw new IllegalArgumentException(name + " has " + m.length + " rows, expected " + rows);
    }
    for (int r = 0; r < rows; r++) {
      if (m[r] == null || m[r].length != cols) {
        throw new IllegalArgumentException(
            name + " row " + r + " has " + (m[r] == null ? "no" : m[r].length) + " values, expected " + cols);
      }
    }
  }
}
