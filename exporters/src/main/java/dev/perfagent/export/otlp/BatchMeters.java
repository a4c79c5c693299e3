package dev.perfagent.export.otlp;

import dev.perfagent.export.BatchMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The meters of the batch layers that share one {@code (rule, method)} pair, read from the same
 * {@link BatchMetrics} the Prometheus export reads. Counters: {@code perfagent.batch.items},
 * {@code perfagent.batches}, {@code perfagent.batch.rejected} (tag {@code reason}: {@code full},
 * {@code shed}), {@code perfagent.batch.timeouts}, {@code .isolated_failures}, {@code
 * .run_alone}. Gauges: {@code perfagent.batch.cap}, {@code .max_size}, {@code .delay}, {@code
 * .cost_fixed}, {@code .cost_per_item} (seconds; NaN until fitted), {@code .enabled}. The three
 * distributions since the method was woven: {@code perfagent.batch.queue_wait} and {@code
 * perfagent.batch.service} as count and sum in seconds, and for them and {@code
 * perfagent.batch.size} the quantiles 0.5, 0.9 and 0.99 ({@code <name>.quantile}, tag {@code
 * quantile}) where Prometheus has buckets. Tags {@code rule} and {@code method} on all.
 */
final class BatchMeters {

  private static final double[] QUANTILES = {0.5, 0.9, 0.99};

  private final MeterRegistry registry;
  private final LabelGroup<BatchMetrics> layers;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  /**
   * The histograms the timers and quantile gauges read, held here because Micrometer's meters hold
   * their object weakly: as locals they were collected at the first GC, and the meters went NaN.
   */
  private final PushRound.Shared<Histogram> sizes;
  private final PushRound.Shared<Histogram> waits;
  private final PushRound.Shared<Histogram> service;

  BatchMeters(MeterRegistry registry, LabelGroup<BatchMetrics> layers, Tags tags, PushRound round) {
    this.registry = registry;
    this.layers = layers;
    this.tags = tags;
    counter("perfagent.batch.items", Tags.empty(), "Calls that ran as part of a batch.",
        BatchMetrics::items);
    counter("perfagent.batches", Tags.empty(), "Batches handed to the batch method.",
        BatchMetrics::batches);
    String rejected = "Calls that did not join a batch: reason=full when the queue was full, "
        + "reason=shed when predicted to miss the latency objective.";
    counter("perfagent.batch.rejected", Tags.of("reason", "full"), rejected,
        BatchMetrics::rejectedFull);
    counter("perfagent.batch.rejected", Tags.of("reason", "shed"), rejected,
        BatchMetrics::rejectedShed);
    counter("perfagent.batch.timeouts", Tags.empty(),
        "Batched calls that timed out waiting for their result.", BatchMetrics::timedOut);
    counter("perfagent.batch.isolated_failures", Tags.empty(),
        "Calls that failed alone after their batch failed and was split to find them.",
        BatchMetrics::isolatedFailures);
    counter("perfagent.batch.run_alone", Tags.empty(),
        "Calls that ran the original method alone on the caller's thread instead of in a batch.",
        BatchMetrics::runAlone);
    gauge("perfagent.batch.cap", null, "Largest batch the controller lets form now.",
        BatchMetrics::cap);
    gauge("perfagent.batch.max_size", null, "Largest batch ever formed, as configured (max-size).",
        BatchMetrics::maxSize);
    gauge("perfagent.batch.delay", "seconds",
        "Time a free batch method now waits for a partial batch to fill.",
        BatchMetrics::delaySeconds);
    gauge("perfagent.batch.cost_fixed", "seconds",
        "Fixed cost a per batch call of the fitted service-time model T(n) = a + b*n.",
        BatchMetrics::costFixedSeconds);
    gauge("perfagent.batch.cost_per_item", "seconds",
        "Cost b per call in a batch of the fitted service-time model T(n) = a + b*n.",
        BatchMetrics::costPerItemSeconds);
    gauge("perfagent.batch.enabled", null,
        "1 while the batch layer batches calls, 0 while it is off.",
        layer -> layer.offReason() == null ? 1 : 0);
    gauge("perfagent.batch.memory_per_item", "bytes",
        "Device memory one item of a batch takes, as memory-aware batching learnt it.",
        BatchMetrics::memoryPerItemBytes);
    gauge("perfagent.batch.memory_cap", null,
        "Largest batch the device's memory allows now (learnt, or left by out-of-memory failures).",
        layer -> layer.memoryCap() > 0 ? layer.memoryCap() : Double.NaN);
    sizes = shared(round, BatchMetrics::batchSizes);
    waits = shared(round, BatchMetrics::queueWaitNanos);
    service = shared(round, BatchMetrics::serviceNanos);
    timer("perfagent.batch.queue_wait", waits,
        "Time a batched call waited in the queue before its batch started, since the method "
            + "was woven.");
    timer("perfagent.batch.service", service,
        "Time the batch method took per batch, since the method was woven.");
    for (double q : QUANTILES) {
      Tags quantile = tags.and("quantile", Double.toString(q));
      meters.add(Gauge.builder("perfagent.batch.size.quantile", sizes,
              h -> HistogramReads.quantile(h.get(), q))
          .description("Calls per batch at a quantile, since the method was woven.")
          .tags(quantile).register(registry));
      meters.add(TimeGauge.builder("perfagent.batch.queue_wait.quantile", waits,
              TimeUnit.NANOSECONDS, h -> HistogramReads.quantile(h.get(), q))
          .description("Queue wait of a batched call at a quantile, since the method was woven.")
          .tags(quantile).register(registry));
      meters.add(TimeGauge.builder("perfagent.batch.service.quantile", service,
              TimeUnit.NANOSECONDS, h -> HistogramReads.quantile(h.get(), q))
          .description("Service time of a batch at a quantile, since the method was woven.")
          .tags(quantile).register(registry));
    }
  }

  /** Removes every meter of the group from the registry. */
  void remove() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private PushRound.Shared<Histogram> shared(PushRound round, Function<BatchMetrics, Histogram> read) {
    return round.shared(() -> HistogramReads.merged(layers.members(), read));
  }

  private void counter(String name, Tags extra, String help, ToDoubleFunction<BatchMetrics> value) {
    meters.add(FunctionCounter.builder(name, layers, g -> g.sum(value))
        .description(help).tags(tags).tags(extra).register(registry));
  }

  private void gauge(String name, String unit, String help, ToDoubleFunction<BatchMetrics> value) {
    meters.add(Gauge.builder(name, layers, g -> g.first(value))
        .description(help).baseUnit(unit).tags(tags).register(registry));
  }

  private void timer(String name, PushRound.Shared<Histogram> histogram, String help) {
    meters.add(FunctionTimer.builder(name, histogram, h -> h.get().getTotalCount(),
            h -> HistogramReads.sum(h.get()), TimeUnit.NANOSECONDS)
        .description(help).tags(tags).register(registry));
  }
}
