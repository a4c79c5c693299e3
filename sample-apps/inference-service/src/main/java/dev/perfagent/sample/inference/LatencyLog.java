package dev.perfagent.sample.inference;

import java.util.Arrays;

/** A growable array of latencies in nanoseconds, owned by one client thread (not thread-safe). */
final class LatencyLog {

  private long[] values = new long[4096];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = nanos;
  }

  int size() {
    return size;
  }

  /** Copies this log into {@code target} at {@code offset}. */
  void copyTo(long[] target, int offset) {
    System.arraycopy(values, 0, target, offset, size);
  }
}
