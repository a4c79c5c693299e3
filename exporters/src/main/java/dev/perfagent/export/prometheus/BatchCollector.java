package dev.perfagent.export.prometheus;

import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.BatchMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Collects the batch-layer metric families from the registered {@link BatchMetrics} at scrape
 * time.
 *
 * <p>The three histograms are classic Prometheus histograms built from the cumulative HdrHistogram
 * copies: each recorded value is counted in the first bucket whose upper bound is at least the
 * value's highest equivalent (the value HdrHistogram reports as a percentile, so the buckets agree
 * with {@code /status}), and {@code _sum} adds the values' median equivalents (exact for integers
 * the histogram resolves, within its precision otherwise). Batch sizes get buckets 1, 2, 4, ... up
 * to the first power of two at or above {@link BatchMetrics#maxSize()} (the largest one, for merged
 * layers); waits and service times get 10 µs × 4<sup>k</sup> up to 10.49 s. Larger values land in
 * {@code +Inf} only.
 *
 * <p>Each family holds one data point per distinct {@code (rule, method)} pair: layers that share
 * both labels (the same method woven in two class loaders) are added together, counters and
 * histograms summed, gauges taken from the layer with the lowest id. A layer whose methods throw
 * is left out of that scrape. A site that routes batches among several executors (replicas) adds
 * the {@code perfagent_batch_executor_*} families, one point per executor with the extra label
 * {@code executor}. Thread-safe: layers are added and removed concurrently with scrapes.
 */
final class BatchCollector implements MultiCollector {

  static final String SIZE = "perfagent_batch_size";
  static final String QUEUE_WAIT = "perfagent_batch_queue_wait_seconds";
  static final String SERVICE = "perfagent_batch_service_seconds";
  static final String ITEMS = "perfagent_batch_items";
  static final String BATCHES = "perfagent_batches";
  static final String REJECTED = "perfagent_batch_rejected";
  static final String TIMEOUTS = "perfagent_batch_timeouts";
  static final String ISOLATED_FAILURES = "perfagent_batch_isolated_failures";
  static final String RUN_ALONE = "perfagent_batch_run_alone";
  static final String CAP = "perfagent_batch_cap";
  static final String MAX_SIZE = "perfagent_batch_max_size";
  static final String DELAY = "perfagent_batch_delay_seconds";
  static final String COST_FIXED = "perfagent_batch_cost_fixed_seconds";
  static final String COST_PER_ITEM = "perfagent_batch_cost_per_item_seconds";
  static final String ENABLED = "perfagent_batch_enabled";
  static final String MEMORY_PER_ITEM = "perfagent_batch_memory_per_item_bytes";
  static final String MEMORY_CAP = "perfagent_batch_memory_cap";
  static final String EXECUTOR_BATCHES = "perfagent_batch_executor_batches";
  static final String EXECUTOR_ITEMS = "perfagent_batch_executor_items";
  static final String EXECUTOR_FAILURES = "perfagent_batch_executor_failures";
  static final String EXECUTOR_IN_FLIGHT = "perfagent_batch_executor_in_flight";
  static final String EXECUTOR_SERVICE = "perfagent_batch_executor_service_per_call_seconds";
  static final String EXECUTOR_IN_ROTATION = "perfagent_batch_executor_in_rotation";

  private static final List<String> NAMES = List.of(SIZE, QUEUE_WAIT, SERVICE, ITEMS, BATCHES,
      REJECTED, TIMEOUTS, ISOLATED_FAILURES, RUN_ALONE, CAP, MAX_SIZE, DELAY, COST_FIXED,
      COST_PER_ITEM, ENABLED, MEMORY_PER_ITEM, MEMORY_CAP, EXECUTOR_BATCHES, EXECUTOR_ITEMS, EXECUTOR_FAILURES,
      EXECUTOR_IN_FLIGHT, EXECUTOR_SERVICE, EXECUTOR_IN_ROTATION);

  /** Upper bounds of the wait and service buckets in nanoseconds: 10 µs × 4^k, k = 0..10. */
  private static final long[] NANOS_BOUNDS = new long[11];

  static {
    for (int k = 0; k < NANOS_BOUNDS.length; k++) {
      NANOS_BOUNDS[k] = 10_000L << (2 * k);
    }
  }

  private static final double NANOS_PER_SECOND = 1e9;

  private final ConcurrentMap<Integer, BatchMetrics> layers = new ConcurrentHashMap<>();

  /** Adds a batch layer, replacing any with the same id. */
  void add(BatchMetrics layer) {
    layers.put(layer.id(), layer);
  }

  /** Removes the batch layer with this id, if present. */
  void remove(int id) {
    layers.remove(id);
  }

  /** Removes every batch layer. */
  void clear() {
    layers.clear();
  }

  @Override
  public List<String> getPrometheusNames() {
    return NAMES;
  }

  @Override
  public MetricSnapshots collect() {
    List<Reading> readings = read();
    if (readings.isEmpty()) {
      return MetricSnapshots.of();
    }
    List<MetricSnapshot> families = new ArrayList<>(NAMES.size());
    families.add(histogram(SIZE, null,
        "Calls per batch call of the batch layer, since the method was woven.",
        readings, r -> r.sizes, r -> powersOfTwoUpTo(r.largestMaxSize), 1));
    families.add(histogram(QUEUE_WAIT, Unit.SECONDS,
        "Time a batched call waited in the queue before its batch started, since the method "
            + "was woven.",
        readings, r -> r.queueWait, r -> NANOS_BOUNDS, NANOS_PER_SECOND));
    families.add(histogram(SERVICE, Unit.SECONDS,
        "Time the batch method took per batch, since the method was woven.",
        readings, r -> r.service, r -> NANOS_BOUNDS, NANOS_PER_SECOND));
    families.add(counter(ITEMS, "Calls that ran as part of a batch.", readings, r -> r.items));
    families.add(counter(BATCHES, "Batches handed to the batch method.",
        readings, r -> r.batches));
    CounterSnapshot.Builder rejected = CounterSnapshot.builder().name(REJECTED)
        .help("Calls that did not join a batch: reason=full when the queue was full, "
            + "reason=shed when predicted to miss the latency objective.");
    for (Reading r : readings) {
      rejected.dataPoint(CounterDataPointSnapshot.builder()
          .labels(r.labels.add("reason", "full")).value(r.rejectedFull).build());
      rejected.dataPoint(CounterDataPointSnapshot.builder()
          .labels(r.labels.add("reason", "shed")).value(r.rejectedShed).build());
    }
    families.add(rejected.build());
    families.add(counter(TIMEOUTS, "Batched calls that timed out waiting for their result.",
        readings, r -> r.timedOut));
    families.add(counter(ISOLATED_FAILURES,
        "Calls that failed alone after their batch failed and was split to find them.",
        readings, r -> r.isolatedFailures));
    families.add(counter(RUN_ALONE,
        "Calls that ran the original method alone on the caller's thread instead of in a batch.",
        readings, r -> r.runAlone));
    addGauge(families, CAP, null, "Largest batch the controller lets form now.",
        readings, r -> r.cap);
    addGauge(families, MAX_SIZE, null, "Largest batch ever formed, as configured (max-size).",
        readings, r -> r.maxSize);
    addGauge(families, DELAY, Unit.SECONDS,
        "Time a free batch method now waits for a partial batch to fill.",
        readings, r -> r.delaySeconds);
    addGauge(families, COST_FIXED, Unit.SECONDS,
        "Fixed cost a per batch call of the fitted service-time model T(n) = a + b*n.",
        readings, r -> r.costFixedSeconds);
    addGauge(families, COST_PER_ITEM, Unit.SECONDS,
        "Cost b per call in a batch of the fitted service-time model T(n) = a + b*n.",
        readings, r -> r.costPerItemSeconds);
    addGauge(families, ENABLED, null, "1 while the batch layer batches calls, 0 while it is off.",
        readings, r -> r.offReason == null ? 1 : 0);
    addGauge(families, MEMORY_PER_ITEM, Unit.BYTES,
        "Device memory one item of a batch takes, as memory-aware batching learnt it.",
        readings, r -> r.memoryPerItemBytes);
    addGauge(families, MEMORY_CAP, null,
        "Largest batch the device's memory allows now (learnt, or left by out-of-memory failures).",
        readings, r -> r.memoryCap > 0 ? r.memoryCap : Double.NaN);
    addExecutors(families, readings);
    return new MetricSnapshots(families);
  }

  /**
   * The per-executor families, labelled {@code executor}, only when some site has several
   * executors: a site has as many as its configured replicas, so the label stays bounded.
   */
  private static void addExecutors(List<MetricSnapshot> families, List<Reading> readings) {
    if (readings.stream().allMatch(r -> r.executors.isEmpty())) {
      return;
    }
    families.add(executorCounter(EXECUTOR_BATCHES,
        "Batches routed to each executor (replica) of the batch layer, re-runs included.",
        readings, BatchExecutorFigures::batches));
    families.add(executorCounter(EXECUTOR_ITEMS, "Calls in the batches routed to each executor.",
        readings, BatchExecutorFigures::items));
    families.add(executorCounter(EXECUTOR_FAILURES, "Batches that threw on each executor.",
        readings, BatchExecutorFigures::failures));
    families.add(executorGauge(EXECUTOR_IN_FLIGHT, null, "Batches running on each executor now.",
        readings, BatchExecutorFigures::inFlight));
    families.add(executorGauge(EXECUTOR_SERVICE, Unit.SECONDS,
        "EWMA of each executor's service time per call, as the least-latency strategy reads it.",
        readings, BatchExecutorFigures::servicePerCallSeconds));
    families.add(executorGauge(EXECUTOR_IN_ROTATION, null,
        "1 while an executor is in rotation, 0 while it is out after failures or being probed.",
        readings, e -> e.inRotation() ? 1 : 0));
  }

  private static CounterSnapshot executorCounter(String name, String help, List<Reading> readings,
      ToDoubleFunction<BatchExecutorFigures> value) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    for (Reading r : readings) {
      for (BatchExecutorFigures e : r.executors.values()) {
        counter.dataPoint(CounterDataPointSnapshot.builder()
            .labels(r.labels.add("executor", e.executor()))
            .value(Math.max(0, value.applyAsDouble(e))).build());
      }
    }
    return counter.build();
  }

  private static GaugeSnapshot executorGauge(String name, Unit unit, String help,
      List<Reading> readings, ToDoubleFunction<BatchExecutorFigures> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    if (unit != null) {
      gauge.unit(unit);
    }
    for (Reading r : readings) {
      for (BatchExecutorFigures e : r.executors.values()) {
        gauge.dataPoint(GaugeDataPointSnapshot.builder()
            .labels(r.labels.add("executor", e.executor()))
            .value(value.applyAsDouble(e)).build());
      }
    }
    return gauge.build();
  }

  /** Reads every layer once, merging layers that share labels, ordered by rule and method. */
  private List<Reading> read() {
    List<BatchMetrics> byId = new ArrayList<>(layers.values());
    byId.sort(Comparator.comparingInt(BatchCollector::idOrZero));
    Map<Labels, Reading> byLabels = new TreeMap<>();
    for (BatchMetrics layer : byId) {
      Reading reading;
      try {
        reading = Reading.of(layer);
      } catch (RuntimeException | LinkageError e) {
        continue; // a broken layer must not break the scrape of the others
      }
      byLabels.merge(reading.labels, reading, Reading::merge);
    }
    return new ArrayList<>(byLabels.values());
  }

  private static int idOrZero(BatchMetrics layer) {
    try {
      return layer.id();
    } catch (RuntimeException | LinkageError e) {
      return 0; // Reading.of will fail on it too and leave it out
    }
  }

  /**
   * A classic histogram family.
   *
   * @param bounds the finite upper bounds of a reading, in the histogram's unit, ascending
   * @param scale divides a bound or the sum to give the exported value (1e9 for ns to s)
   */
  private static HistogramSnapshot histogram(String name, Unit unit, String help,
      List<Reading> readings, Function<Reading, Histogram> histogram,
      Function<Reading, long[]> bounds, double scale) {
    HistogramSnapshot.Builder family = HistogramSnapshot.builder().name(name).help(help);
    if (unit != null) {
      family.unit(unit);
    }
    for (Reading r : readings) {
      Histogram values = histogram.apply(r);
      long[] upperBounds = bounds.apply(r);
      long[] counts = new long[upperBounds.length + 1]; // the last one is +Inf
      double sum = 0;
      for (HistogramIterationValue v : values.recordedValues()) {
        long value = v.getValueIteratedTo(); // the highest equivalent value
        long n = v.getCountAtValueIteratedTo();
        counts[bucketIndex(upperBounds, value)] += n;
        sum += n * (double) values.medianEquivalentValue(value);
      }
      ClassicHistogramBuckets.Builder buckets = ClassicHistogramBuckets.builder();
      for (int i = 0; i < upperBounds.length; i++) {
        buckets.bucket(upperBounds[i] / scale, counts[i]);
      }
      buckets.bucket(Double.POSITIVE_INFINITY, counts[upperBounds.length]);
      family.dataPoint(HistogramDataPointSnapshot.builder()
          .labels(r.labels)
          .classicHistogramBuckets(buckets.build())
          .sum(sum / scale)
          .build());
    }
    return family.build();
  }

  /** The index of the first bound at or above {@code value}, or {@code bounds.length} (+Inf). */
  static int bucketIndex(long[] bounds, long value) {
    int low = 0;
    int high = bounds.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (bounds[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** 1, 2, 4, ... up to the first power of two at or above {@code max} (at least 1). */
  static long[] powersOfTwoUpTo(int max) {
    int n = 1;
    while ((1L << (n - 1)) < max) {
      n++;
    }
    long[] bounds = new long[n];
    for (int i = 0; i < n; i++) {
      bounds[i] = 1L << i;
    }
    return bounds;
  }

  private static CounterSnapshot counter(
      String name, String help, List<Reading> readings, ToDoubleFunction<Reading> value) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    for (Reading r : readings) {
      counter.dataPoint(CounterDataPointSnapshot.builder()
          .labels(r.labels).value(value.applyAsDouble(r)).build());
    }
    return counter.build();
  }

  /** Adds a gauge family with a point per reading whose value is not NaN; none if all are. */
  private static void addGauge(List<MetricSnapshot> families, String name, Unit unit, String help,
      List<Reading> readings, ToDoubleFunction<Reading> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    if (unit != null) {
      gauge.unit(unit);
    }
    boolean any = false;
    for (Reading r : readings) {
      double v = value.applyAsDouble(r);
      if (!Double.isNaN(v)) {
        any = true;
        gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(r.labels).value(v).build());
      }
    }
    if (any) {
      families.add(gauge.build());
    }
  }

  /** One consistent-enough read of a batch layer (or of several with the same labels). */
  private static final class Reading {
    final Labels labels;
    long items;
    long batches;
    long rejectedFull;
    long rejectedShed;
    long timedOut;
    long isolatedFailures;
    long runAlone;
    Histogram sizes;
    Histogram queueWait;
    Histogram service;
    int maxSize;
    int largestMaxSize; // of the merged layers: the size buckets go up to it
    int cap;
    double delaySeconds;
    double costFixedSeconds;
    double costPerItemSeconds;
    String offReason;
    double memoryPerItemBytes;
    int memoryCap;
    /** By executor name; counters summed over merged layers, gauges this layer's. */
    Map<String, BatchExecutorFigures> executors = new LinkedHashMap<>();

    private Reading(Labels labels) {
      this.labels = labels;
    }

    static Reading of(BatchMetrics layer) {
      Reading r = new Reading(Labels.of(
          "rule", orEmpty(layer.rule()), "method", orEmpty(layer.method())));
      r.items = Math.max(0, layer.items());
      r.batches = Math.max(0, layer.batches());
      r.rejectedFull = Math.max(0, layer.rejectedFull());
      r.rejectedShed = Math.max(0, layer.rejectedShed());
      r.timedOut = Math.max(0, layer.timedOut());
      r.isolatedFailures = Math.max(0, layer.isolatedFailures());
      r.runAlone = Math.max(0, layer.runAlone());
      r.sizes = orEmpty(layer.batchSizes());
      r.queueWait = orEmpty(layer.queueWaitNanos());
      r.service = orEmpty(layer.serviceNanos());
      r.maxSize = Math.max(1, layer.maxSize());
      r.largestMaxSize = r.maxSize;
      r.cap = layer.cap();
      r.delaySeconds = layer.delaySeconds();
      r.costFixedSeconds = layer.costFixedSeconds();
      r.costPerItemSeconds = layer.costPerItemSeconds();
      r.offReason = layer.offReason();
      r.memoryPerItemBytes = layer.memoryPerItemBytes();
      r.memoryCap = layer.memoryCap();
      List<BatchExecutorFigures> executors = layer.executors();
      if (executors != null) {
        for (BatchExecutorFigures e : executors) {
          r.executors.put(e.executor() == null ? "" : e.executor(), e);
        }
      }
      return r;
    }

    /** Adds {@code other}'s counters and histograms into this reading; gauges stay this one's. */
    Reading merge(Reading other) {
      items += other.items;
      batches += other.batches;
      rejectedFull += other.rejectedFull;
      rejectedShed += other.rejectedShed;
      timedOut += other.timedOut;
      isolatedFailures += other.isolatedFailures;
      runAlone += other.runAlone;
      sizes = sum(sizes, other.sizes);
      queueWait = sum(queueWait, other.queueWait);
      service = sum(service, other.service);
      largestMaxSize = Math.max(largestMaxSize, other.largestMaxSize);
      for (BatchExecutorFigures e : other.executors.values()) {
        executors.merge(e.executor() == null ? "" : e.executor(), e, (mine, theirs) ->
            new BatchExecutorFigures(mine.executor(), mine.batches() + theirs.batches(),
                mine.items() + theirs.items(), mine.failures() + theirs.failures(),
                mine.inFlight(), mine.servicePerCallSeconds(), mine.inRotation()));
      }
      return this;
    }

    private static Histogram sum(Histogram a, Histogram b) {
      Histogram merged = new Histogram(Math.max(
          a.getNumberOfSignificantValueDigits(), b.getNumberOfSignificantValueDigits()));
      merged.add(a);
      merged.add(b);
      return merged;
    }

    private static Histogram orEmpty(Histogram h) {
      return h == null ? new Histogram(2) : h;
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
