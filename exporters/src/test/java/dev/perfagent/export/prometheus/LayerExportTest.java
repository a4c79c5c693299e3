package dev.perfagent.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.SiteStatus;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerExportTest {

  /** A layer whose figures the test sets. */
  static LayerMetrics layer(String name, List<LayerFigure> figures, Map<String, String> states) {
    return new LayerMetrics() {
      @Override
      public String layer() {
        return name;
      }

      @Override
      public List<LayerFigure> figures() {
        return figures;
      }

      @Override
      public Map<String, String> states() {
        return states;
      }
    };
  }

  static List<LayerFigure> breakerFigures(double notPermitted) {
    return List.of(
        LayerFigure.gauge("failure_rate_ratio", "Failed calls in the window, 0 to 1.", 0.625),
        new LayerFigure("state", LayerFigure.Type.GAUGE, "1 for the current state.",
            Map.of("state", "open"), 1),
        new LayerFigure("state", LayerFigure.Type.GAUGE, "1 for the current state.",
            Map.of("state", "closed"), 0),
        new LayerFigure("calls", LayerFigure.Type.COUNTER, "Calls by outcome.",
            Map.of("outcome", "not_permitted"), notPermitted));
  }

  @Test
  void eachFigureIsAFamilyWithTheSiteLabelsAndItsOwn() {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "deps", "a.B#c()");
    site.layers = List.of(layer("circuit_breaker", breakerFigures(7), Map.of("state", "OPEN")));
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(site);
      String scrape = export.scrape();
      assertTrue(scrape.contains("# TYPE perfagent_circuit_breaker_calls_total counter"), scrape);
      assertTrue(scrape.contains(
          "perfagent_circuit_breaker_calls_total{method=\"a.B#c()\",outcome=\"not_permitted\",rule=\"deps\"} 7.0"),
          scrape);
      assertTrue(scrape.contains(
          "perfagent_circuit_breaker_state{method=\"a.B#c()\",rule=\"deps\",state=\"open\"} 1.0"), scrape);
      assertTrue(scrape.contains(
          "perfagent_circuit_breaker_failure_rate_ratio{method=\"a.B#c()\",rule=\"deps\"} 0.625"), scrape);
      export.removeSite(0);
      assertFalse(export.scrape().contains("perfagent_circuit_breaker"), export.scrape());
    }
  }

  @Test
  void sitesWithTheSameLabelsAddTheirCountersAndABrokenLayerIsLeftOut() {
    FakeSiteMetrics first = new FakeSiteMetrics(0, "deps", "a.B#c()");
    first.layers = List.of(layer("circuit_breaker", breakerFigures(2), Map.of()));
    FakeSiteMetrics second = new FakeSiteMetrics(1, "deps", "a.B#c()");
    second.layers = List.of(layer("circuit_breaker", breakerFigures(3), Map.of()));
    FakeSiteMetrics broken = new FakeSiteMetrics(2, "other", "x.Y#z()");
    broken.layers = List.of(new LayerMetrics() {
      @Override
      public String layer() {
        return "cache";
      }

      @Override
      public List<LayerFigure> figures() {
        throw new IllegalStateException("boom");
      }
    });
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(first);
      export.addSite(second);
      export.addSite(broken);
      String scrape = export.scrape();
      assertTrue(scrape.contains(
          "perfagent_circuit_breaker_calls_total{method=\"a.B#c()\",outcome=\"not_permitted\",rule=\"deps\"} 5.0"),
          scrape);
      assertFalse(scrape.contains("perfagent_cache"), scrape);
      assertTrue(scrape.contains("perfagent_method_calls_total{method=\"x.Y#z()\""), scrape);
    }
  }

  @Test
  void selfMetricsCannotTakeALayerFamilyName() {
    try (PrometheusExport export = new PrometheusExport()) {
      export.registry().counter("perfagent.cache.hits").increment();
      assertFalse(export.scrape().contains("perfagent_cache_hits"), export.scrape());
    }
  }

  @Test
  void statusShowsStatesFiguresAndLabelledPoints() {
    FakeSiteMetrics site = new FakeSiteMetrics(0, "deps", "a.B#c()");
    site.layers = List.of(layer("circuit_breaker", breakerFigures(7), Map.of("state", "OPEN")));
    SiteStatus status = SiteStatus.from(site, List.of("time", "circuit-breaker"));
    assertEquals(1, status.protections().size());
    StringWriter out = new StringWriter();
    status.toJson(new JsonWriter(out));
    String json = out.toString();
    assertTrue(json.contains("\"protections\":[{\"layer\":\"circuit_breaker\",\"state\":\"OPEN\","
        + "\"failure_rate_ratio\":0.625,\"calls\":{\"outcome=not_permitted\":7.0}}]"), json);
  }
}
