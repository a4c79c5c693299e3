package dev.perfagent.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perfagent.export.FakeBatchMetrics;
import dev.perfagent.export.FakeSiteMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pipes a real scrape through {@code promtool check metrics}. Fails when promtool is missing,
 * unless {@code -Dperfagent.skipPromtool=true}.
 */
class PromtoolCheckTest {

  @Test
  void scrapeWithTwoSitesAndSelfMetricsPassesPromtool() throws Exception {
    assumeFalse(Boolean.getBoolean("perfagent.skipPromtool"), "perfagent.skipPromtool=true");
    Path promtool = onPath("promtool").orElseGet(() -> fail(
        "promtool is not on the PATH: install it with `apt-get install -y prometheus` "
            + "(or run with -Dperfagent.skipPromtool=true)"));

    String scrape;
    try (PrometheusExport export = new PrometheusExport()) {
      FakeSiteMetrics mlp = new FakeSiteMetrics(0, "mlp-batching",
          "com.example.model.MlpModel#score(float[])").slo(50);
      for (int ms = 1; ms <= 200; ms++) {
        mlp.call(ms);
      }
      mlp.errors = 2;
      mlp.sloViolations = 150;
      mlp.layers = java.util.List.of(LayerExportTest.layer("circuit_breaker", LayerExportTest.breakerFigures(3),
          java.util.Map.of("state", "OPEN")));
      export.addSite(mlp);
      export.addSite(new FakeSiteMetrics(1, "feature-store",
          "com.example.FeatureClient#fetch(java.util.Map, String)").call(12).call(30));

      AtomicInteger woven = new AtomicInteger(17);
      Counter.builder("perfagent.self.faults").description("Internal failures the agent survived.")
          .register(export.registry()).increment();
      Gauge.builder("perfagent.self.woven.classes", woven, AtomicInteger::get)
          .description("Classes currently transformed.").register(export.registry());
      Timer.builder("perfagent.self.weave").description("Time spent transforming classes.")
          .register(export.registry()).record(Duration.ofMillis(3));
      scrape = export.scrape();
    }
    assertTrue(scrape.contains("perfagent_method_latency_seconds{"), scrape);

    String report = promtoolCheckMetrics(promtool, scrape);
    assertEquals("exit 0", report, () -> "promtool check metrics:\n" + report + "\n" + scrape);
  }

  @Test
  void scrapeWithSiteAndBatchFamiliesPassesPromtool() throws Exception {
    assumeFalse(Boolean.getBoolean("perfagent.skipPromtool"), "perfagent.skipPromtool=true");
    Path promtool = onPath("promtool").orElseGet(() -> fail(
        "promtool is not on the PATH: install it with `apt-get install -y prometheus` "
            + "(or run with -Dperfagent.skipPromtool=true)"));

    String scrape;
    try (PrometheusExport export = new PrometheusExport()) {
      FakeSiteMetrics mlp = new FakeSiteMetrics(0, "mlp-batching", BatchExportTest.MLP).slo(50);
      for (int ms = 1; ms <= 200; ms++) {
        mlp.call(ms);
      }
      mlp.layers = java.util.List.of(LayerExportTest.layer("circuit_breaker", LayerExportTest.breakerFigures(3),
          java.util.Map.of("state", "OPEN")));
      export.addSite(mlp);
      export.addBatch(BatchExportTest.mlpBatch());
      FakeBatchMetrics off = new FakeBatchMetrics(1, "embeddings",
          "com.example.EmbeddingService#embed(String)",
          "com.example.EmbeddingService#embedAll(Ljava/util/List;)Ljava/util/List;");
      off.offReason = "batch method not found";
      export.addSite(new FakeSiteMetrics(1, "embeddings",
          "com.example.EmbeddingService#embed(String)").call(4));
      export.addBatch(off);
      Counter.builder("perfagent.self.faults").description("Internal failures the agent survived.")
          .register(export.registry()).increment();
      scrape = export.scrape();
    }
    assertTrue(scrape.contains("perfagent_batch_size_bucket{"), scrape);
    assertTrue(scrape.contains("perfagent_batch_cost_fixed_seconds{"), scrape);
    assertTrue(scrape.contains("perfagent_method_latency_seconds{"), scrape);

    String report = promtoolCheckMetrics(promtool, scrape);
    assertEquals("exit 0", report, () -> "promtool check metrics:\n" + report + "\n" + scrape);
  }

  @Test
  void promtoolReportsABadScrape() throws Exception {
    assumeFalse(Boolean.getBoolean("perfagent.skipPromtool"), "perfagent.skipPromtool=true");
    Optional<Path> promtool = onPath("promtool");
    assumeTrue(promtool.isPresent(), "promtool is not on the PATH");
    String bad = "# HELP calls Calls.\n# TYPE calls counter\ncalls 1\n";
    String report = promtoolCheckMetrics(promtool.get(), bad);
    assertTrue(report.contains("_total"), report);
  }

  /** Runs {@code promtool check metrics} on {@code text}: its output, or "exit 0" if clean. */
  private static String promtoolCheckMetrics(Path promtool, String text) throws Exception {
    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream in = check.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(30, TimeUnit.SECONDS)) {
      check.destroyForcibly();
      fail("promtool did not finish within 30 s");
    }
    return check.exitValue() == 0 && output.isBlank()
        ? "exit 0"
        : "exit " + check.exitValue() + ": " + output;
  }

  private static Optional<Path> onPath(String command) throws IOException {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
