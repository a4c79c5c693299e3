package dev.perfagent.sample.inference;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a {@link LoadGenerator} run measured: the requests that finished within the measured period.
 *
 * @param elapsedNanos the length of the measured period
 * @param offered open loop: requests due in the period; closed loop: {@code completed + errors}
 * @param completed requests that returned normally within the period
 * @param errors requests that failed within the period, by kind (exception simple name, or {@code HTTP 503})
 * @param unsent open loop: requests due before the end of the period but not yet sent when it ended
 * @param withinSlo completed requests whose latency was within the objective (all, when there is none)
 * @param latency latencies in nanoseconds of the completed requests
 * @param lag how late, in nanoseconds, each completed request was sent after its due time
 * @param stuckWorkers workers still inside a call {@link LoadGenerator#GRACE_NANOS} after the end;
 *     their figures are left out
 */
public record LoadFigures(
    long elapsedNanos,
    long offered,
    long completed,
    Map<String, Long> errors,
    long unsent,
    long withinSlo,
    Histogram latency,
    Histogram lag,
    int stuckWorkers) {

  /** Copies the error map. */
  public LoadFigures {
    errors = Collections.unmodifiableMap(new TreeMap<>(errors));
  }

  /** @return failed requests of every kind */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }


  /** Merges the workers' figures. */
  static final class Builder {
    private final Histogram latency = new Histogram(WorkerFigures.SIGNIFICANT_DIGITS);
    private final Histogram lag = new Histogram(WorkerFigures.SIGNIFICANT_DIGITS);
    private final Map<String, Long> errors = new TreeMap<>();
    private long offered;
    private long completed;
    private long withinSlo;
    private long unsent;

    void add(WorkerFigures worker) {
      latency.add(worker.latency);
      lag.add(worker.lag);
      worker.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
      offered += worker.offered;
      completed += worker.completed;
      withinSlo += worker.withinSlo;
      unsent += worker.unsent;
    }

    LoadFigures build(long elapsedNanos, int stuckWorkers) {
      return new LoadFigures(elapsedNanos, offered, completed, errors, unsent, withinSlo, latency, lag, stuckWorkers);
    }
  }
}
