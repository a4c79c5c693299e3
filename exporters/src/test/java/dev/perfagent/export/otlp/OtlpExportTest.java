package dev.perfagent.export.otlp;

import static dev.perfagent.export.otlp.OtlpPushes.metric;
import static dev.perfagent.export.otlp.OtlpPushes.resource;
import static dev.perfagent.export.otlp.OtlpPushes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.FakeBatchMetrics;
import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.prometheus.PrometheusExport;
import io.micrometer.core.instrument.FunctionCounter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpExportTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Map<String, String> SITE = Map.of("rule", "scoring", "method", "a.B#c()");
  private static final ThreadFactory THREADS = task -> {
    Thread thread = new Thread(task, "perf-agent-otlp-test");
    thread.setDaemon(true);
    return thread;
  };

  private final List<String> problems = new CopyOnWriteArrayList<>();
  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private OtlpSettings settings(Duration interval, OtlpSettings.Temporality temporality) {
    return new OtlpSettings(receiver.endpoint(), interval,
        Map.of("authorization", "Bearer s3cret"),
        Map.of("service.name", "checkout", "service.instance.id", "42@host"), temporality);
  }

  private OtlpExport start(Duration interval) {
    return OtlpExport.start(settings(interval, OtlpSettings.Temporality.CUMULATIVE), THREADS,
        problems::add);
  }

  @Test
  void pushesTheSiteFiguresAsProtobufWithResourceAndHeaders() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()").slo(50);
    site.call(10).call(20).call(30);
    site.errors = 1;
    site.sloViolations = 2;
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      export.addSite(site);
      // A push may fall between the registrations of one site's meters; the SLO gauge comes last.
      OtlpReceiver.Push push = receiver.await(
          p -> value(p.request(), "perfagent.method.slo", SITE).isPresent(), PATIENCE);

      assertEquals("application/x-protobuf", push.contentType());
      assertEquals(List.of("Bearer s3cret"), push.headers().get("Authorization"));
      Map<String, String> resource = resource(push.request());
      assertEquals("checkout", resource.get("service.name"));
      assertEquals("42@host", resource.get("service.instance.id"));

      ExportMetricsServiceRequest request = push.request();
      Metric calls = metric(request, "perfagent.method.calls").orElseThrow();
      assertTrue(calls.getSum().getIsMonotonic());
      assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
          calls.getSum().getAggregationTemporality());
      assertEquals(3.0, value(request, "perfagent.method.calls", SITE).orElseThrow());
      assertEquals(1.0, value(request, "perfagent.method.errors", SITE).orElseThrow());
      assertEquals(2.0, value(request, "perfagent.method.slo_violations", SITE).orElseThrow());
      assertEquals(0.05, value(request, "perfagent.method.slo", SITE).orElseThrow(), 1e-12);

      Metric latencyMetric = metric(request, "perfagent.method.latency").orElseThrow();
      assertEquals("seconds", latencyMetric.getUnit());
      HistogramDataPoint latency = latencyMetric.getHistogram().getDataPoints(0);
      assertEquals(3, latency.getCount());
      assertEquals(0.060, latency.getSum(), 1e-9);

      Histogram window = site.recentLatency();
      for (double q : SiteMeters.QUANTILES) {
        double expected = window.getValueAtPercentile(q * 100) / 1e9;
        assertEquals(expected, value(request, "perfagent.method.latency.quantile",
            Map.of("method", "a.B#c()", "quantile", Double.toString(q))).orElseThrow(), 1e-12);
      }
      assertTrue(problems.isEmpty(), problems.toString());
    }
  }

  @Test
  void countsGrowFromPushToPushAndCloseSendsTheLastFigures() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()");
    site.call(1);
    OtlpExport export = start(Duration.ofMillis(200));
    try {
      export.addSite(site);
      receiver.await(p -> value(p.request(), "perfagent.method.calls", SITE).orElse(0.0) == 1.0,
          PATIENCE);
      site.call(1).call(1);
      receiver.await(p -> value(p.request(), "perfagent.method.calls", SITE).orElse(0.0) == 3.0,
          PATIENCE);
    } finally {
      site.call(1);
      export.close();
    }
    // close() pushed once more, synchronously, with the call made just before it. A scheduled push
    // already on the wire may land after it, so look for the figure rather than at the last push.
    List<OtlpReceiver.Push> pushes = receiver.pushes();
    assertEquals(4.0, pushes.stream()
        .mapToDouble(p -> value(p.request(), "perfagent.method.calls", SITE).orElse(0.0))
        .max().orElseThrow());
    int after = receiver.pushes().size();
    export.close();
    assertEquals(after, receiver.pushes().size(), "a second close() pushes nothing");
  }

  @Test
  void closeWhileAScheduledPushIsOnTheWireStillSendsTheLastFigures() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()").call(1);
    CountDownLatch gate = new CountDownLatch(1);
    receiver.gate = gate;
    OtlpExport export = start(Duration.ofMillis(200));
    export.addSite(site);
    assertTrue(receiver.arrivals.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    site.call(1); // after the held push read its figures
    Thread closer = new Thread(export::close, "closer");
    closer.start();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (closer.getState() != Thread.State.WAITING
        && closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    receiver.gate = null;
    gate.countDown();
    closer.join(PATIENCE.toMillis());
    assertFalse(closer.isAlive(), "close() returned");
    assertEquals(2.0, receiver.pushes().stream()
        .mapToDouble(p -> value(p.request(), "perfagent.method.calls", SITE).orElse(0.0))
        .max().orElseThrow(), "the push close() makes after the held one");
  }

  @Test
  void sitesWithTheSameLabelsAreOneSeriesAsInThePrometheusExport() throws Exception {
    FakeSiteMetrics first = new FakeSiteMetrics(0, "scoring", "a.B#c()").call(5).call(7);
    FakeSiteMetrics second = new FakeSiteMetrics(1, "scoring", "a.B#c()").call(9);
    FakeSiteMetrics other = new FakeSiteMetrics(2, "other", "x.Y#z()").call(3);
    try (OtlpExport export = start(Duration.ofMillis(200));
         PrometheusExport prometheus = new PrometheusExport()) {
      for (FakeSiteMetrics site : List.of(first, second, other)) {
        export.addSite(site);
        prometheus.addSite(site);
      }
      // Complete: a push may fall between the registrations of the sites' meters, the quantiles last.
      OtlpReceiver.Push push = receiver.await(p -> value(p.request(), "perfagent.method.latency.quantile",
          Map.of("method", "x.Y#z()", "quantile", "0.999")).isPresent()
          && value(p.request(), "perfagent.method.latency.quantile",
              Map.of("method", "a.B#c()", "quantile", "0.999")).isPresent(), PATIENCE);
      assertEquals(3.0, value(push.request(), "perfagent.method.calls", SITE).orElseThrow());
      assertEquals(1.0, value(push.request(), "perfagent.method.calls",
          Map.of("rule", "other")).orElseThrow());
      String scrape = prometheus.scrape();
      assertTrue(scrape.contains(
          "perfagent_method_calls_total{method=\"a.B#c()\",rule=\"scoring\"} 3.0"), scrape);
      double p99 = value(push.request(), "perfagent.method.latency.quantile",
          Map.of("method", "a.B#c()", "quantile", "0.99")).orElseThrow();
      assertTrue(scrape.contains("perfagent_method_latency_seconds{method=\"a.B#c()\","
          + "rule=\"scoring\",quantile=\"0.99\"} " + p99), "p99 " + p99 + " in " + scrape);

      export.removeSite(0);
      export.removeSite(1);
      receiver.await(p -> value(p.request(), "perfagent.method.calls", SITE).isEmpty()
          && value(p.request(), "perfagent.method.calls", Map.of("rule", "other")).isPresent(),
          PATIENCE);
    }
  }

  @Test
  void layerFiguresAreCountersAndGaugesWithTheirLabelsAndUnits() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()");
    AtomicLong hits = new AtomicLong(4);
    LayerMetrics cache = layer("cache", () -> List.of(
        LayerFigure.counter("hits", "Hits.", hits.get()),
        LayerFigure.counter("load_seconds", "Load time.", 1.5),
        LayerFigure.gauge("hit_ratio", "Hit ratio.", 0.8),
        new LayerFigure("evictions", LayerFigure.Type.COUNTER, "Evictions.",
            Map.of("cause", "size"), 2)));
    site.layers = List.of(cache);
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      export.addSite(site);
      // The layer's last figure too: a push may fall between the registrations of its meters.
      OtlpReceiver.Push push = receiver.await(
          p -> value(p.request(), "perfagent.cache.hits", SITE).orElse(0.0) == 4.0
              && value(p.request(), "perfagent.cache.evictions",
                  Map.of("method", "a.B#c()", "cause", "size")).isPresent(), PATIENCE);
      ExportMetricsServiceRequest request = push.request();
      assertTrue(metric(request, "perfagent.cache.hits").orElseThrow().hasSum());
      Metric load = metric(request, "perfagent.cache.load").orElseThrow();
      assertEquals("seconds", load.getUnit());
      assertEquals(1.5, value(request, "perfagent.cache.load", SITE).orElseThrow());
      assertTrue(metric(request, "perfagent.cache.hit_ratio").orElseThrow().hasGauge());
      assertEquals(2.0, value(request, "perfagent.cache.evictions",
          Map.of("method", "a.B#c()", "cause", "size")).orElseThrow());

      // A figure that appears later (a reload's new layer) is pushed from a later push on.
      hits.set(9);
      site.layers = List.of(cache, layer("rate_limit", () -> List.of(
          LayerFigure.gauge("waiting", "Waiting.", 3))));
      OtlpReceiver.Push later = receiver.await(
          p -> value(p.request(), "perfagent.rate_limit.waiting", SITE).isPresent(), PATIENCE);
      assertEquals(3.0, value(later.request(), "perfagent.rate_limit.waiting", SITE).orElseThrow());
      site.layers = List.of();
      receiver.await(p -> metric(p.request(), "perfagent.cache.hits").isEmpty(), PATIENCE);
    }
  }

  @Test
  void batchFiguresArePushed() throws Exception {
    FakeBatchMetrics batch = new FakeBatchMetrics(0, "scoring", "a.B#c()", "a.B#cs([F)[F");
    batch.batch(4, 1000).batch(8, 3000).waited(100).waited(300);
    batch.rejectedFull = 2;
    batch.rejectedShed = 1;
    batch.cap = 16;
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      export.addBatch(batch);
      // Complete: a push may fall between the registrations of the layer's meters, the quantiles last.
      OtlpReceiver.Push push = receiver.await(p -> value(p.request(), "perfagent.batch.service.quantile",
          Map.of("method", "a.B#c()", "quantile", "0.99")).isPresent(), PATIENCE);
      ExportMetricsServiceRequest request = push.request();
      assertEquals(12.0, value(request, "perfagent.batch.items", SITE).orElseThrow());
      assertEquals(2.0, value(request, "perfagent.batches", SITE).orElseThrow());
      assertEquals(2.0, value(request, "perfagent.batch.rejected",
          Map.of("method", "a.B#c()", "reason", "full")).orElseThrow());
      assertEquals(1.0, value(request, "perfagent.batch.rejected",
          Map.of("method", "a.B#c()", "reason", "shed")).orElseThrow());
      assertEquals(16.0, value(request, "perfagent.batch.cap", SITE).orElseThrow());
      assertEquals(1.0, value(request, "perfagent.batch.enabled", SITE).orElseThrow());
      HistogramDataPoint service = metric(request, "perfagent.batch.service").orElseThrow()
          .getHistogram().getDataPoints(0);
      assertEquals(2, service.getCount());
      assertEquals(0.004, service.getSum(), 0.004 * 0.01);
      assertEquals(8.0, value(request, "perfagent.batch.size.quantile",
          Map.of("method", "a.B#c()", "quantile", "0.99")).orElseThrow());

      // (A registry without meters pushes nothing: the site keeps the pushes coming.)
      export.addSite(new FakeSiteMetrics(0, "scoring", "a.B#c()"));
      export.removeBatch(0);
      receiver.await(p -> metric(p.request(), "perfagent.batch.items").isEmpty(), PATIENCE);
      assertTrue(problems.isEmpty(), problems.toString());
    }
  }

  /**
   * Micrometer's meters hold their object weakly: the latency and batch windows they read must be
   * held by the export, or a GC turns every quantile into NaN.
   */
  @Test
  void quantilesAndBatchTimersSurviveAGarbageCollection() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()");
    site.call(10).call(20).call(30);
    FakeBatchMetrics batch = new FakeBatchMetrics(0, "scoring", "a.B#c()", "a.B#cs([F)[F");
    batch.batch(4, 1000).batch(8, 3000).waited(100).waited(300);
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      export.addSite(site);
      export.addBatch(batch);
      collectGarbage();
      int before = receiver.pushes().size();
      Map<String, String> median = Map.of("method", "a.B#c()", "quantile", "0.5");
      // The second push accepted after the collection began after it (the first may have been read
      // before); every meter was registered before the collection.
      ExportMetricsServiceRequest request = receiver.awaitPush(before + 1, PATIENCE).request();
      assertEquals(site.recentLatency().getValueAtPercentile(50) / 1e9,
          value(request, "perfagent.method.latency.quantile", median).orElseThrow(), 1e-12);
      assertEquals(4.0, value(request, "perfagent.batch.size.quantile", median).orElseThrow());
      assertEquals(2, metric(request, "perfagent.batch.service").orElseThrow()
          .getHistogram().getDataPoints(0).getCount());
    }
  }

  /** Returns once a collection has cleared a weakly held object (System.gc() is only a request). */
  private static void collectGarbage() {
    java.lang.ref.WeakReference<Object> sentinel = new java.lang.ref.WeakReference<>(new Object());
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (sentinel.get() != null) {
      assertTrue(System.nanoTime() < deadline, "no garbage collection within " + PATIENCE);
      System.gc();
    }
  }

  @Test
  void selfMetricsOnTheRegistryArePushed() throws Exception {
    AtomicLong faults = new AtomicLong(5);
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      FunctionCounter.builder("perfagent.agent.faults", faults, AtomicLong::get)
          .description("Faults.").register(export.registry());
      OtlpReceiver.Push push = receiver.await(
          p -> value(p.request(), "perfagent.agent.faults", Map.of()).isPresent(), PATIENCE);
      assertEquals(5.0, value(push.request(), "perfagent.agent.faults", Map.of()).orElseThrow());
    }
  }

  @Test
  void deltaTemporalityIsPassedOn() throws Exception {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()").call(1);
    try (OtlpExport export = OtlpExport.start(
        settings(Duration.ofMillis(200), OtlpSettings.Temporality.DELTA), THREADS, problems::add)) {
      export.addSite(site);
      OtlpReceiver.Push push = receiver.await(
          p -> metric(p.request(), "perfagent.method.calls").isPresent(), PATIENCE);
      assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
          metric(push.request(), "perfagent.method.calls").orElseThrow().getSum()
              .getAggregationTemporality());
    }
  }

  @Test
  void aFailingReceiverIsReportedNeverThrownAndPushingGoesOn() throws Exception {
    receiver.status = 503;
    FakeSiteMetrics site = new FakeSiteMetrics(0, "scoring", "a.B#c()").call(1);
    try (OtlpExport export = start(Duration.ofMillis(200))) {
      export.addSite(site);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (problems.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertFalse(problems.isEmpty(), "a failed push is reported");
      assertTrue(problems.get(0).contains(receiver.endpoint().toString()), problems.get(0));
      assertTrue(export.pushesFailed() > 0);
      receiver.status = 200;
      receiver.await(p -> value(p.request(), "perfagent.method.calls", SITE).isPresent(),
          PATIENCE);
      // The receiver has the push before the sender has read its answer and counted it.
      long counted = System.nanoTime() + PATIENCE.toNanos();
      while (export.pushesSent() == 0 && System.nanoTime() < counted) {
        Thread.onSpinWait();
      }
      assertTrue(export.pushesSent() > 0);
    }
  }

  @Test
  void anUnreachableReceiverIsReportedAndCloseStillReturns() throws Exception {
    receiver.close(); // nothing listens on the port any more
    try (OtlpExport export = start(Duration.ofHours(1))) {
      export.addSite(new FakeSiteMetrics(0, "scoring", "a.B#c()").call(1));
    }
    assertEquals(1, problems.size(), problems.toString());
  }

  private static LayerMetrics layer(String name,
      java.util.function.Supplier<List<LayerFigure>> figures) {
    return new LayerMetrics() {
      @Override
      public String layer() {
        return name;
      }

      @Override
      public List<LayerFigure> figures() {
        return figures.get();
      }
    };
  }
}
