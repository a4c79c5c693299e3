package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  @Test
  void jsonHasFixedKeysRatesOverTheElapsedPeriodAndMicroseconds() {
    Histogram latency = new Histogram(3);
    for (long micros = 1; micros <= 1000; micros++) {
      latency.recordValue(micros * 1000);
    }
    Histogram lag = new Histogram(3);
    lag.recordValue(5_000);
    LoadFigures figures = new LoadFigures(2_000_000_000L, 1010, 1000, Map.of("CallRejectedException", 3L), 7, 900,
        latency, lag, 0);
    LoadPlan plan = new LoadPlan(64, new Arrival.Poisson(600), Duration.ZERO, Duration.ofSeconds(2), 1,
        Optional.of(Duration.ofMillis(20)));
    LoadReport report = new LoadReport("open", "in-process", "onnx-large", plan, 1, figures, 40, 1000);
    assertEquals(
        "{\"mode\":\"open\",\"target\":\"in-process\",\"model\":\"onnx-large\",\"clients\":64,"
            + "\"threads\":\"platform\",\"arrival\":\"poisson:600\",\"batch_size\":1,\"duration_s\":2.000,\"offered\":1010,\"completed\":1000,"
            + "\"errors\":3,\"unsent\":7,\"items_per_sec\":500.0,\"p50_us\":" + micros(latency, 50)
            + ",\"p90_us\":" + micros(latency, 90) + ",\"p99_us\":" + micros(latency, 99)
            + ",\"p999_us\":" + micros(latency, 99.9) + ",\"max_us\":" + String.format(Locale.ROOT, "%.1f",
                latency.getMaxValue() / 1e3) + ",\"lag_p99_us\":5.0,\"slo_us\":20000.0,"
            + "\"within_slo\":0.8973,\"goodput\":450.0,\"batch_calls\":40,\"batched_items\":1000,"
            + "\"stuck_workers\":0,\"error_types\":{\"CallRejectedException\":3}}",
        report.toJson());
  }

  /** HdrHistogram keeps 3 significant digits: 500 µs reads back as the top of its bucket, 500.2 µs. */
  private static String micros(Histogram histogram, double percentile) {
    double value = histogram.getValueAtPercentile(percentile) / 1e3;
    assertEquals(Math.min(1000, percentile * 10), value, value * 1e-3);
    return String.format(Locale.ROOT, "%.1f", value);
  }

  @Test
  void ceilingRatesCountItemsAndNoObjectiveGivesNulls() {
    Histogram latency = new Histogram(3);
    latency.recordValue(250_000);
    LoadFigures figures = new LoadFigures(1_000_000_000L, 10, 10, Map.of(), 0, 10, latency, new Histogram(3), 0);
    LoadPlan plan = new LoadPlan(1, new Arrival.Closed(), Duration.ZERO, Duration.ofSeconds(1), 1, Optional.empty());
    String json = new LoadReport("ceiling", "in-process", "onnx-large", plan, 64, figures, 10, 640).toJson();
    assertEquals(true, json.contains("\"batch_size\":64,"), json);
    assertEquals(true, json.contains("\"items_per_sec\":640.0,"), json);
    assertEquals(true, json.contains("\"slo_us\":null,\"within_slo\":null,\"goodput\":null,"), json);
    assertEquals(true, json.endsWith("\"error_types\":{}}"), json);
  }

  @Test
  void stringsAreQuoted() {
    assertEquals("\"a\\\"b\\\\c\\u000a\"", LoadReport.quote("a\"b\\c\n"));
  }
}
