package dev.perfagent.export.prometheus;

import static dev.perfagent.export.prometheus.MetricNameRules.nonBaseUnitFamilies;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.FakeBatchMetrics;
import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.LayerFigure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every metric family of a scrape is in Prometheus base units: seconds, bytes, ratios from 0 to 1,
 * never percent, milliseconds or kilobytes. The families this module names itself (sites, batches
 * with every optional family, layers, self metrics through Micrometer's naming) are rendered here;
 * the agent's real layers are checked by the agent module's {@code MetricUnitNamesTest} and a live
 * registry by {@code GrafanaDashboardIT}, with the same rule: {@link MetricNameRules}.
 */
class MetricUnitNamesTest {

  @Test
  void everyFamilyTheExportNamesIsInBaseUnits() {
    String scrape;
    try (PrometheusExport export = new PrometheusExport()) {
      FakeSiteMetrics mlp = new FakeSiteMetrics(0, "mlp-batching", BatchExportTest.MLP).slo(50);
      for (int ms = 1; ms <= 50; ms++) {
        mlp.call(ms);
      }
      mlp.layers = List.of(
          LayerExportTest.layer("circuit_breaker", LayerExportTest.breakerFigures(3),
              Map.of("state", "OPEN")),
          LayerExportTest.layer("cache", List.of(
              LayerFigure.gauge("hit_ratio", "Hits over lookups.", 0.5),
              LayerFigure.counter("load_seconds", "Time spent loading.", 1.5),
              LayerFigure.gauge("weight_bytes", "Estimated retained size.", 4096)), Map.of()));
      export.addSite(mlp);
      FakeBatchMetrics batch = BatchExportTest.mlpBatch();
      batch.memoryPerItemBytes = 8_388_608;
      batch.memoryCap = 24;
      batch.executors = List.of(new BatchExecutorFigures("0", 30, 240, 0, 1, 0.0002, true),
          new BatchExecutorFigures("1", 5, 40, 3, 0, 0.0015, false));
      export.addBatch(batch);

      // Self metrics as the agent registers them: Micrometer appends the base unit it knows.
      AtomicInteger woven = new AtomicInteger(3);
      Counter.builder("perfagent.agent.faults").register(export.registry()).increment();
      Gauge.builder("perfagent.agent.woven.classes", woven, AtomicInteger::get)
          .register(export.registry());
      Timer.builder("perfagent.agent.weave").register(export.registry())
          .record(Duration.ofMillis(3));
      scrape = export.scrape();
    }
    assertEquals(List.of(), nonBaseUnitFamilies(scrape), scrape);
  }

  @Test
  void theRuleCatchesPercentMillisecondsAndKilobytes() {
    String scrape = String.join("\n",
        "# TYPE perfagent_circuit_breaker_failure_rate_percent gauge",
        "# TYPE perfagent_batch_wait_ms histogram",
        "# TYPE perfagent_cache_load_millis_total counter",
        "# TYPE perfagent_x_percent_of_calls gauge",
        "# TYPE perfagent_cache_weight_kb gauge",
        "# TYPE perfagent_cache_hit_ratio gauge",
        "# TYPE perfagent_method_latency_seconds summary",
        "# TYPE perfagent_batch_memory_per_item_bytes gauge",
        "");
    assertEquals(List.of(
        "# TYPE perfagent_circuit_breaker_failure_rate_percent gauge",
        "# TYPE perfagent_batch_wait_ms histogram",
        "# TYPE perfagent_cache_load_millis_total counter",
        "# TYPE perfagent_x_percent_of_calls gauge",
        "# TYPE perfagent_cache_weight_kb gauge"), nonBaseUnitFamilies(scrape));
  }
}
