package dev.perfagent.export.prometheus;

import static dev.perfagent.export.prometheus.PrometheusExportTest.lines;
import static dev.perfagent.export.prometheus.PrometheusExportTest.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.FakeBatchMetrics;
import dev.perfagent.export.FakeSiteMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BatchExportTest {

  static final String MLP = "com.example.model.MlpModel#score(float[])";
  static final String VIA = "com.example.model.MlpModel#scoreBatch([[F)[[F";
  private static final String RULE = "rule=\"mlp-batching\"";

  /**
   * Max size 48 (size buckets 1..64); 11 batches: 1, 1, 3, 8, 8, 8, 8, 20, 48, 48 and one of 70
   * (larger than max-size, say from before a reload): 223 calls. Waits 5 µs, 30 µs, 30 µs, 100
   * µs, 1 ms, 20 s; service 500 µs for every batch but the last, 2 s.
   */
  static FakeBatchMetrics mlpBatch() {
    FakeBatchMetrics batch = new FakeBatchMetrics(0, "mlp-batching", MLP, VIA).slo(50);
    batch.maxSize = 48;
    batch.cap = 32;
    for (int size : new int[] {1, 1, 3, 8, 8, 8, 8, 20, 48, 48}) {
      batch.batch(size, 500);
    }
    batch.batch(70, 2_000_000);
    for (long micros : new long[] {5, 30, 30, 100, 1_000, 20_000_000}) {
      batch.waited(micros);
    }
    batch.rejectedFull = 4;
    batch.rejectedShed = 9;
    batch.timedOut = 2;
    batch.isolatedFailures = 1;
    batch.runAlone = 13;
    batch.delaySeconds = 0.002;
    batch.costFixedSeconds = 0.0004;
    batch.costPerItemSeconds = 0.00002;
    return batch;
  }

  @Test
  void batchSizeHistogramHasPowerOfTwoBucketsUpToMaxSize() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(mlpBatch());
      String scrape = export.scrape();

      assertTrue(scrape.contains("# TYPE perfagent_batch_size histogram\n"), scrape);
      assertTrue(scrape.contains("# HELP perfagent_batch_size Calls per batch"), scrape);
      List<String> buckets = lines(scrape, "perfagent_batch_size_bucket{");
      assertEquals(8, buckets.size(), scrape); // 1, 2, 4, 8, 16, 32, 64, +Inf
      String[] le = {"1.0", "2.0", "4.0", "8.0", "16.0", "32.0", "64.0", "+Inf"};
      long[] cumulative = {2, 2, 3, 7, 7, 8, 10, 11};
      for (int i = 0; i < le.length; i++) {
        assertEquals(cumulative[i], sample(scrape, "perfagent_batch_size_bucket", RULE,
            "le=\"" + le[i] + "\""), "le=" + le[i]);
      }
      assertEquals(11, sample(scrape, "perfagent_batch_size_count", RULE));
      assertEquals(223, sample(scrape, "perfagent_batch_size_sum", RULE));
    }
  }

  @Test
  void waitAndServiceHistogramsHaveExponentialBucketsInSeconds() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(mlpBatch());
      String scrape = export.scrape();

      assertTrue(scrape.contains("# TYPE perfagent_batch_queue_wait_seconds histogram\n"), scrape);
      assertTrue(scrape.contains("# TYPE perfagent_batch_service_seconds histogram\n"), scrape);
      assertEquals(12, lines(scrape, "perfagent_batch_queue_wait_seconds_bucket{").size(), scrape);
      // 10 µs, 40 µs, 160 µs, 640 µs, 2.56 ms, ... 10.49 s, +Inf
      double[] bounds = lines(scrape, "perfagent_batch_queue_wait_seconds_bucket{").stream()
          .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
          .filter(s -> !s.equals("+Inf"))
          .mapToDouble(Double::parseDouble)
          .toArray();
      double[] expected = new double[11];
      for (int k = 0; k < 11; k++) {
        expected[k] = 10e-6 * Math.pow(4, k);
      }
      assertArrayEquals(expected, bounds, 1e-15);

      // waits 5 µs, 30 µs, 30 µs, 100 µs, 1 ms, 20 s
      assertEquals(1, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"1.0E-5\""));
      assertEquals(3, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"4.0E-5\""));
      assertEquals(4, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"1.6E-4\""));
      assertEquals(5, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"0.00256\""));
      assertEquals(5, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"10.48576\""));
      assertEquals(6, sample(scrape, "perfagent_batch_queue_wait_seconds_bucket", RULE,
          "le=\"+Inf\""));
      assertEquals(6, sample(scrape, "perfagent_batch_queue_wait_seconds_count", RULE));
      assertEquals(20.001165, sample(scrape, "perfagent_batch_queue_wait_seconds_sum", RULE),
          20.001165 * 0.001);

      // service: ten batches of 500 µs, one of 2 s
      assertEquals(0, sample(scrape, "perfagent_batch_service_seconds_bucket", RULE,
          "le=\"1.6E-4\""));
      assertEquals(10, sample(scrape, "perfagent_batch_service_seconds_bucket", RULE,
          "le=\"6.4E-4\""));
      assertEquals(10, sample(scrape, "perfagent_batch_service_seconds_bucket", RULE,
          "le=\"0.65536\""));
      assertEquals(11, sample(scrape, "perfagent_batch_service_seconds_bucket", RULE,
          "le=\"2.62144\""));
      assertEquals(11, sample(scrape, "perfagent_batch_service_seconds_count", RULE));
      assertEquals(2.005, sample(scrape, "perfagent_batch_service_seconds_sum", RULE),
          2.005 * 0.001);
    }
  }

  @Test
  void countersAndGauges() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(mlpBatch());
      String scrape = export.scrape();

      assertEquals(223,
          sample(scrape, "perfagent_batch_items_total", RULE, "method=\"" + MLP + "\""));
      assertEquals(11, sample(scrape, "perfagent_batches_total", RULE));
      assertEquals(4, sample(scrape, "perfagent_batch_rejected_total", RULE, "reason=\"full\""));
      assertEquals(9, sample(scrape, "perfagent_batch_rejected_total", RULE, "reason=\"shed\""));
      assertEquals(2, sample(scrape, "perfagent_batch_timeouts_total", RULE));
      assertEquals(1, sample(scrape, "perfagent_batch_isolated_failures_total", RULE));
      assertEquals(13, sample(scrape, "perfagent_batch_run_alone_total", RULE));
      assertEquals(32, sample(scrape, "perfagent_batch_cap", RULE));
      assertEquals(48, sample(scrape, "perfagent_batch_max_size", RULE));
      assertEquals(0.002, sample(scrape, "perfagent_batch_delay_seconds", RULE), 1e-15);
      assertEquals(0.0004, sample(scrape, "perfagent_batch_cost_fixed_seconds", RULE), 1e-15);
      assertEquals(0.00002, sample(scrape, "perfagent_batch_cost_per_item_seconds", RULE), 1e-15);
      assertEquals(1, sample(scrape, "perfagent_batch_enabled", RULE));
      for (String counter : new String[] {"perfagent_batch_items_total", "perfagent_batches_total",
          "perfagent_batch_rejected_total", "perfagent_batch_timeouts_total",
          "perfagent_batch_isolated_failures_total", "perfagent_batch_run_alone_total"}) {
        assertTrue(scrape.contains("# TYPE " + counter + " counter\n"), counter + "\n" + scrape);
      }
      for (String gauge : new String[] {"perfagent_batch_cap", "perfagent_batch_max_size",
          "perfagent_batch_delay_seconds", "perfagent_batch_cost_fixed_seconds",
          "perfagent_batch_cost_per_item_seconds", "perfagent_batch_enabled"}) {
        assertTrue(scrape.contains("# TYPE " + gauge + " gauge\n"), gauge + "\n" + scrape);
        assertTrue(scrape.contains("# HELP " + gauge + " "), gauge + "\n" + scrape);
      }
    }
  }

  @Test
  void memoryAwareFiguresAreGaugesOnlyWhereKnown() {
    try (PrometheusExport export = new PrometheusExport()) {
      FakeBatchMetrics cpu = new FakeBatchMetrics(2, "cpu", "a.B#c(int)", "a.B#cs([I)[I");
      cpu.memoryOffReason = "the cpu accelerator reports no device memory for the model";
      FakeBatchMetrics gpu = mlpBatch();
      gpu.memoryOffReason = null;
      gpu.memoryPerItemBytes = 8_388_608;
      gpu.memoryCap = 24;
      export.addBatch(cpu);
      export.addBatch(gpu);
      String scrape = export.scrape();

      assertEquals(8_388_608, sample(scrape, "perfagent_batch_memory_per_item_bytes", RULE));
      assertEquals(24, sample(scrape, "perfagent_batch_memory_cap", RULE));
      assertEquals(1, lines(scrape, "perfagent_batch_memory_cap{").size(), "none for the CPU site\n" + scrape);
      assertTrue(scrape.contains("# TYPE perfagent_batch_memory_per_item_bytes gauge\n"), scrape);
    }
  }

  @Test
  void unknownCostsAreLeftOutAndAnOffLayerIsNotEnabled() {
    try (PrometheusExport export = new PrometheusExport()) {
      FakeBatchMetrics fresh = new FakeBatchMetrics(2, "fresh", "a.B#c(int)", "a.B#cs([I)[I");
      fresh.offReason = "batch method threw NoSuchMethodError";
      FakeBatchMetrics known = mlpBatch();
      export.addBatch(fresh);
      export.addBatch(known);
      String scrape = export.scrape();

      assertEquals(1, lines(scrape, "perfagent_batch_cost_fixed_seconds{").size(), scrape);
      assertEquals(1, lines(scrape, "perfagent_batch_cost_per_item_seconds{").size(), scrape);
      assertFalse(lines(scrape, "perfagent_batch_cost").stream().anyMatch(l -> l.contains("fresh")),
          scrape);
      assertEquals(0, sample(scrape, "perfagent_batch_enabled", "rule=\"fresh\""));
      assertEquals(1, sample(scrape, "perfagent_batch_enabled", RULE));
      // an empty layer still has its histogram with zero counts
      assertEquals(0,
          sample(scrape, "perfagent_batch_size_bucket", "rule=\"fresh\"", "le=\"+Inf\""));
      assertEquals(0, sample(scrape, "perfagent_batch_size_count", "rule=\"fresh\""));
      assertEquals(0, sample(scrape, "perfagent_batch_service_seconds_count", "rule=\"fresh\""));

      known.costFixedSeconds = Double.NaN;
      known.costPerItemSeconds = Double.NaN;
      String later = export.scrape();
      assertFalse(later.contains("perfagent_batch_cost"), later);
    }
  }

  @Test
  void removeBatchRemovesItsSeriesButNotTheSite() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(new FakeSiteMetrics(0, "mlp-batching", MLP).call(3));
      export.addBatch(mlpBatch());
      export.removeBatch(0);
      export.removeBatch(42); // absent: no effect
      String scrape = export.scrape();
      assertFalse(scrape.contains("perfagent_batch"), scrape);
      assertEquals(1, sample(scrape, "perfagent_method_calls_total", RULE));
    }
  }

  @Test
  void layersWithTheSameLabelsAreAddedTogether() {
    try (PrometheusExport export = new PrometheusExport()) {
      FakeBatchMetrics a = new FakeBatchMetrics(3, "r", "a.B#c()", "a.B#cs()").batch(4, 100);
      a.maxSize = 4;
      a.cap = 4;
      FakeBatchMetrics b = new FakeBatchMetrics(7, "r", "a.B#c()", "a.B#cs()").batch(16, 100);
      b.maxSize = 16;
      b.cap = 8;
      b.offReason = "off";
      export.addBatch(b);
      export.addBatch(a);
      String scrape = export.scrape();
      assertEquals(1, lines(scrape, "perfagent_batches_total{").size(), scrape);
      assertEquals(2, sample(scrape, "perfagent_batches_total", "rule=\"r\""));
      assertEquals(20, sample(scrape, "perfagent_batch_items_total", "rule=\"r\""));
      // buckets up to 16 so that neither layer's sizes spill into +Inf
      assertEquals(1, sample(scrape, "perfagent_batch_size_bucket", "le=\"4.0\""));
      assertEquals(2, sample(scrape, "perfagent_batch_size_bucket", "le=\"16.0\""));
      assertEquals(20, sample(scrape, "perfagent_batch_size_sum"));
      // gauges from the lowest id
      assertEquals(4, sample(scrape, "perfagent_batch_cap"));
      assertEquals(4, sample(scrape, "perfagent_batch_max_size"));
      assertEquals(1, sample(scrape, "perfagent_batch_enabled"));
    }
  }

  @Test
  void aFailingLayerIsLeftOut() {
    FakeBatchMetrics healthy = new FakeBatchMetrics(1, "ok", "a.B#ok()", "a.B#oks()").batch(2, 10);
    BatchMetrics broken = new BatchMetrics() {
      @Override public int id() { return 0; }
      @Override public String rule() { return "broken"; }
      @Override public String method() { return "a.B#broken()"; }
      @Override public String via() { return "a.B#brokens()"; }
      @Override public long items() { return 1; }
      @Override public long batches() { return 1; }
      @Override public long rejectedFull() { return 0; }
      @Override public long rejectedShed() { return 0; }
      @Override public long timedOut() { return 0; }
      @Override public long isolatedFailures() { return 0; }
      @Override public long runAlone() { return 0; }
      @Override public Histogram batchSizes() { return new Histogram(2); }
      @Override public Histogram queueWaitNanos() { throw new IllegalStateException("boom"); }
      @Override public Histogram serviceNanos() { return new Histogram(2); }
      @Override public int maxSize() { return 1; }
      @Override public int cap() { return 1; }
      @Override public double delaySeconds() { return 0; }
      @Override public double costFixedSeconds() { return 0; }
      @Override public double costPerItemSeconds() { return 0; }
      @Override public OptionalLong sloNanos() { return OptionalLong.empty(); }
      @Override public double observedP99Seconds() { return 0; }
      @Override public double callerConcurrency() { return 0; }
      @Override public String offReason() { return null; }
    };
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(broken);
      export.addBatch(healthy);
      String scrape = export.scrape();
      assertFalse(scrape.contains("broken"), scrape);
      assertEquals(1, sample(scrape, "perfagent_batches_total", "rule=\"ok\""));

      export.removeBatch(1);
      String onlyBroken = export.scrape();
      assertFalse(onlyBroken.contains("perfagent_batch"), onlyBroken);
    }
  }

  @Test
  void selfMetersNamedLikeABatchFamilyAreDenied() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(mlpBatch());
      DistributionSummary.builder("perfagent.batch.size").description("clash")
          .register(export.registry()).record(1000);
      Counter.builder("perfagent.batches").description("clash")
          .register(export.registry()).increment(99);
      Timer.builder("perfagent.batch.queue.wait").description("clash")
          .register(export.registry()).record(Duration.ofSeconds(1));
      Gauge.builder("perfagent.batch.cap", () -> 99).description("clash")
          .register(export.registry());
      Counter.builder("perfagent.batch.rejected").description("clash")
          .register(export.registry()).increment(99);
      Counter.builder("perfagent.batch.splits").description("no clash")
          .register(export.registry()).increment();
      String scrape = export.scrape();
      assertEquals(11, sample(scrape, "perfagent_batch_size_count"));
      assertEquals(11, sample(scrape, "perfagent_batches_total"));
      assertEquals(6, sample(scrape, "perfagent_batch_queue_wait_seconds_count"));
      assertEquals(32, sample(scrape, "perfagent_batch_cap"));
      assertEquals(4, sample(scrape, "perfagent_batch_rejected_total", "reason=\"full\""));
      assertEquals(1, sample(scrape, "perfagent_batch_splits_total"));
    }
  }

  @Test
  void bucketHelpers() {
    assertArrayEquals(new long[] {1}, BatchCollector.powersOfTwoUpTo(1));
    assertArrayEquals(new long[] {1, 2}, BatchCollector.powersOfTwoUpTo(2));
    assertArrayEquals(new long[] {1, 2, 4}, BatchCollector.powersOfTwoUpTo(3));
    assertArrayEquals(new long[] {1, 2, 4, 8, 16, 32, 64}, BatchCollector.powersOfTwoUpTo(64));
    assertArrayEquals(new long[] {1, 2, 4, 8, 16, 32, 64, 128}, BatchCollector.powersOfTwoUpTo(65));
    long[] bounds = {1, 2, 4};
    assertEquals(0, BatchCollector.bucketIndex(bounds, 0));
    assertEquals(0, BatchCollector.bucketIndex(bounds, 1));
    assertEquals(2, BatchCollector.bucketIndex(bounds, 3));
    assertEquals(2, BatchCollector.bucketIndex(bounds, 4));
    assertEquals(3, BatchCollector.bucketIndex(bounds, 5));
  }

  @Test
  void executorsAreLabelledSeriesOnlyForSitesWithSeveral() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addBatch(mlpBatch());
      assertFalse(export.scrape().contains("perfagent_batch_executor"), "one executor: no series");

      FakeBatchMetrics replicated = mlpBatch();
      replicated.executors = List.of(
          new BatchExecutorFigures("0", 30, 240, 0, 1, 0.0002, true),
          new BatchExecutorFigures("1", 5, 40, 3, 0, 0.0015, false));
      export.addBatch(replicated);
      String scrape = export.scrape();
      assertEquals(30, sample(scrape, "perfagent_batch_executor_batches_total", RULE, "executor=\"0\""));
      assertEquals(40, sample(scrape, "perfagent_batch_executor_items_total", RULE, "executor=\"1\""));
      assertEquals(3, sample(scrape, "perfagent_batch_executor_failures_total", RULE, "executor=\"1\""));
      assertEquals(1, sample(scrape, "perfagent_batch_executor_in_flight", RULE, "executor=\"0\""));
      assertEquals(0.0015, sample(scrape,
          "perfagent_batch_executor_service_per_call_seconds", RULE, "executor=\"1\""), 1e-12);
      assertEquals(1, sample(scrape, "perfagent_batch_executor_in_rotation", RULE, "executor=\"0\""));
      assertEquals(0, sample(scrape, "perfagent_batch_executor_in_rotation", RULE, "executor=\"1\""));
    }
  }
}
