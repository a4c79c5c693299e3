package dev.perfagent.export.history;

/**
 * How many more series one site may hold: bounds the memory of a site whatever its layers report.
 * Not thread-safe: guarded by the history.
 */
final class SeriesBudget {

  private int left;

  SeriesBudget(int max) {
    left = max;
  }

  /** Takes one series from the budget; {@code false} when none is left. */
  boolean take() {
    if (left == 0) {
      return false;
    }
    left--;
    return true;
  }

  /** Gives back the series of a pruned group. */
  void giveBack(int series) {
    left += series;
  }
}
