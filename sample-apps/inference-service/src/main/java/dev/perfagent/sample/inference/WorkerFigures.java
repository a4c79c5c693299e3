package dev.perfagent.sample.inference;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** What one load worker measured. Written by that worker only; read once it has finished. */
final class WorkerFigures {

  /** Three significant digits: a 0.1% error on any latency, from nanoseconds to hours. */
  static final int SIGNIFICANT_DIGITS = 3;

  final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
  final Histogram lag = new Histogram(SIGNIFICANT_DIGITS);
  final Map<String, Long> errors = new TreeMap<>();
  long offered;
  long completed;
  long withinSlo;
  long unsent;

  /**
   * @param latencyNanos from the intended (open loop) or actual (closed loop) send to the answer
   * @param lagNanos how late the send started after its due time; 0 in a closed loop
   * @param failure what the request threw, or null
   * @param sloNanos the objective; {@link Long#MAX_VALUE} when there is none
   */
  void record(long latencyNanos, long lagNanos, Throwable failure, long sloNanos) {
    if (failure != null) {
      errors.merge(errorKind(failure), 1L, Long::sum);
      return;
    }
    completed++;
    latency.recordValue(Math.max(0, latencyNanos));
    lag.recordValue(Math.max(0, lagNanos));
    if (latencyNanos <= sloNanos) {
      withinSlo++;
    }
  }

  /** A request due in the measured period (open loop), or finished in it (closed loop). */
  void offered() {
    offered++;
  }

  /**
   * Requests due before the end of the measured period but not sent by then.
   *
   * @param count how many
   * @param offered how many of them were due in the period and not yet counted as {@link #offered()}
   */
  void unsent(long count, long offered) {
    unsent += count;
    this.offered += offered;
  }

  /** @return the exception's simple class name, or {@code HTTP 503} for an HTTP status */
  static String errorKind(Throwable failure) {
    if (failure instanceof HttpTarget.HttpStatusException) {
      return failure.getMessage();
    }
    String name = failure.getClass().getSimpleName();
    return name.isEmpty() ? failure.getClass().getName() : name;
  }
}
