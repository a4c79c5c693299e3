package dev.perfagent.sample.inference;

import java.time.Duration;
import java.util.Optional;

/**
 * How the {@link LoadGenerator} drives a target; shared by the {@code bench} (HTTP) and {@code load}
 * (in-process) commands.
 *
 * @param clients worker threads: the closed-loop clients, or the pool that serves an open-loop schedule
 * @param arrival closed loop or an open-loop schedule
 * @param warmup period before the measured one, driven the same way but not counted
 * @param duration measured period: requests sent (closed) or due (open) in it are counted
 * @param seed seed of the arrival schedule and of the inputs
 * @param slo latency objective that {@code goodput} counts against, if any
 * @param virtualThreads whether the workers are virtual threads (JDK 21+) rather than platform threads
 */
public record LoadPlan(int clients, Arrival arrival, Duration warmup, Duration duration, long seed, Optional<Duration> slo,
    boolean virtualThreads) {

  /** A plan with platform-thread workers. */
  public LoadPlan(int clients, Arrival arrival, Duration warmup, Duration duration, long seed, Optional<Duration> slo) {
    this(clients, arrival, warmup, duration, seed, slo, false);
  }

  /** Validates. */
  public LoadPlan {
    if (clients < 1) {
      throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
    }
    if (arrival == null) {
      throw new IllegalArgumentException("arrival must not be null");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive");
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup must not be negative");
    }
    if (slo.isPresent() && (slo.get().isNegative() || slo.get().isZero())) {
      throw new IllegalArgumentException("--slo must be positive");
    }
  }
}
