package dev.perfagent.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PrometheusExportTest {

  private static final String MLP = "com.example.model.MlpModel#score(float[])";

  /** 1..1000 ms, each once: p50 ~ 500 ms, p99.9 ~ 999 ms, sum 500.5 s. */
  private static FakeSiteMetrics mlp() {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "mlp-batching", MLP).slo(50);
    for (int ms = 1; ms <= 1000; ms++) {
      site.call(ms);
    }
    site.errors = 7;
    site.sloViolations = 950;
    return site;
  }

  @Test
  void exportsSummaryWithQuantilesCountAndSum() {
    FakeSiteMetrics site = mlp();
    Histogram expected = site.recentLatency();
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(site);
      String scrape = export.scrape();

      assertTrue(scrape.contains("# TYPE perfagent_method_latency_seconds summary\n"), scrape);
      assertTrue(scrape.contains("# HELP perfagent_method_latency_seconds Latency"), scrape);
      for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
        double value = sample(scrape, "perfagent_method_latency_seconds",
            "rule=\"mlp-batching\"", "quantile=\"" + q + "\"");
        assertEquals(expected.getValueAtPercentile(q * 100) / 1e9, value, 1e-9, "q" + q);
        assertEquals(q, value, q * 0.002, "q" + q + " within HdrHistogram precision");
      }
      assertEquals(1000, sample(scrape, "perfagent_method_latency_seconds_count", "rule=\"mlp-batching\""));
      assertEquals(500.5, sample(scrape, "perfagent_method_latency_seconds_sum", "rule=\"mlp-batching\""), 1e-9);
      assertEquals(1000, sample(scrape, "perfagent_method_calls_total", "method=\"" + MLP + "\""));
      assertEquals(7, sample(scrape, "perfagent_method_errors_total", "rule=\"mlp-batching\""));
      assertEquals(950, sample(scrape, "perfagent_method_slo_violations_total", "rule=\"mlp-batching\""));
      assertEquals(0.05, sample(scrape, "perfagent_method_slo_seconds", "rule=\"mlp-batching\""), 1e-12);
      assertTrue(scrape.contains("# TYPE perfagent_method_calls_total counter\n"), scrape);
      assertTrue(scrape.contains("# TYPE perfagent_method_slo_seconds gauge\n"), scrape);
    }
  }

  @Test
  void oneFamilyForAllSitesAndNoSloGaugeWithoutSlo() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(mlp());
      export.addSite(new FakeSiteMetrics(1, "embeddings", "com.example.EmbeddingService#embed(String)").call(3));
      String scrape = export.scrape();
      assertEquals(1, count(scrape, "# TYPE perfagent_method_latency_seconds summary"));
      assertEquals(1, count(scrape, "# HELP perfagent_method_latency_seconds "));
      assertEquals(1, count(scrape, "# TYPE perfagent_method_calls_total counter"));
      assertEquals(2, lines(scrape, "perfagent_method_latency_seconds_count{").size());
      assertEquals(1, lines(scrape, "perfagent_method_slo_seconds{").size());
      assertEquals(0.003, sample(scrape, "perfagent_method_latency_seconds",
          "rule=\"embeddings\"", "quantile=\"0.5\""), 0.003 * 0.002);
    }
  }

  @Test
  void emptyWindowGivesNaNQuantiles() {
    try (PrometheusExport export = new PrometheusExport()) {
      FakeSiteMetrics idle = new FakeSiteMetrics(3, "idle", "a.B#c()");
      idle.calls = 5;
      export.addSite(idle);
      String scrape = export.scrape();
      assertTrue(Double.isNaN(sample(scrape, "perfagent_method_latency_seconds", "quantile=\"0.99\"")), scrape);
      assertEquals(5, sample(scrape, "perfagent_method_latency_seconds_count", "rule=\"idle\""));
    }
  }

  @Test
  void removeSiteRemovesItsSeries() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(mlp());
      export.addSite(new FakeSiteMetrics(1, "embeddings", "com.example.EmbeddingService#embed(String)").call(3));
      export.removeSite(0);
      String scrape = export.scrape();
      assertFalse(scrape.contains("mlp-batching"), scrape);
      assertTrue(scrape.contains("rule=\"embeddings\""), scrape);
      assertFalse(scrape.contains("perfagent_method_slo_seconds"), scrape);

      export.removeSite(1);
      export.removeSite(42); // absent: no effect
      assertFalse(export.scrape().contains("perfagent_method"), export.scrape());
    }
  }

  @Test
  void sitesWithTheSameLabelsAreAddedTogether() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(new FakeSiteMetrics(0, "r", "a.B#c()").call(10).call(20));
      export.addSite(new FakeSiteMetrics(1, "r", "a.B#c()").call(30));
      String scrape = export.scrape();
      assertEquals(1, lines(scrape, "perfagent_method_calls_total{").size(), scrape);
      assertEquals(3, sample(scrape, "perfagent_method_calls_total", "rule=\"r\""));
      assertEquals(0.06, sample(scrape, "perfagent_method_latency_seconds_sum", "rule=\"r\""), 1e-12);
    }
  }

  @Test
  void aFailingSiteDoesNotBreakTheScrape() {
    FakeSiteMetrics healthy = new FakeSiteMetrics(1, "ok", "a.B#ok()").call(1);
    SiteMetrics broken = new SiteMetrics() {
      @Override public int id() { return 0; }
      @Override public String rule() { return "broken"; }
      @Override public String method() { return "a.B#broken()"; }
      @Override public long calls() { return 1; }
      @Override public long errors() { return 0; }
      @Override public long sloViolations() { return 0; }
      @Override public long totalNanos() { return 1; }
      @Override public OptionalLong sloNanos() { return OptionalLong.empty(); }
      @Override public Histogram recentLatency() { throw new IllegalStateException("boom"); }
    };
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(broken);
      export.addSite(healthy);
      String scrape = export.scrape();
      assertFalse(scrape.contains("broken"), scrape);
      assertEquals(1, sample(scrape, "perfagent_method_calls_total", "rule=\"ok\""));
    }
  }

  @Test
  void selfMetricsShareTheScrapeAndContentTypeIsText004() {
    try (PrometheusExport export = new PrometheusExport()) {
      Counter.builder("perfagent.self.faults").description("Internal failures caught.")
          .register(export.registry()).increment(2);
      String scrape = export.scrape();
      assertEquals(2, sample(scrape, "perfagent_self_faults_total"));
      assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, export.contentType());
    }
  }

  @Test
  void selfMetersNamedLikeASiteFamilyAreDeniedInsteadOfBreakingTheScrape() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(new FakeSiteMetrics(0, "r", "a.B#c()").call(10));
      Counter.builder("perfagent.method.calls").description("clash")
          .register(export.registry()).increment(99);
      Timer.builder("perfagent.method.latency").description("clash")
          .register(export.registry()).record(Duration.ofSeconds(1));
      Counter.builder("perfagent.method.batches").description("no clash")
          .register(export.registry()).increment();
      String scrape = export.scrape();
      assertEquals(1, sample(scrape, "perfagent_method_calls_total"));
      assertEquals(1, sample(scrape, "perfagent_method_latency_seconds_count"));
      assertEquals(1, sample(scrape, "perfagent_method_batches_total"));
    }
  }

  // ---- reading a scrape

  /** The value of the one sample of {@code name} whose labels contain every {@code label}. */
  static double sample(String scrape, String name, String... labels) {
    List<String> matches = lines(scrape, name).stream()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .collect(Collectors.toList());
    assertEquals(1, matches.size(), () -> name + " " + List.of(labels) + " in\n" + scrape);
    String line = matches.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  static List<String> lines(String scrape, String prefix) {
    return scrape.lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
