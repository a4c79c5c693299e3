package dev.perfagent.export.otlp;

import java.util.function.Supplier;

/**
 * Counts the pushes, so that the meters read in one push can share one read of a live source: a
 * site's four latency quantiles come from one copy of its latency window (so they are consistent
 * with each other, and the window is copied once, not four times), and a layer's figures are
 * listed once for all the meters that show them.
 *
 * <p>The sender {@linkplain #next() advances} the round after each push; meters are only read
 * while the registry builds a push, on its one publishing thread (or the closing thread, after
 * that one stopped).
 */
final class PushRound {

  private volatile long current;

  /** Ends the current round: the next read of every {@link Shared} reads its source again. */
  void next() {
    current++;
  }

  /** A value read from {@code source} at most once per round. */
  <T> Shared<T> shared(Supplier<T> source) {
    return new Shared<>(this, source);
  }

  /**
   * A value read once per push round.
   *
   * @param <T> the value
   */
  static final class Shared<T> {
    private final PushRound round;
    private final Supplier<T> source;
    private long readIn = -1;
    private T value;

    private Shared(PushRound round, Supplier<T> source) {
      this.round = round;
      this.source = source;
    }

    /** {@return the value read in this round, reading it now if this is the first read} */
    synchronized T get() {
      long now = round.current;
      if (readIn != now || value == null) {
        value = source.get();
        readIn = now;
      }
      return value;
    }
  }
}
