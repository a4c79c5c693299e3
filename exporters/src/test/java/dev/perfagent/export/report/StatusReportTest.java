package dev.perfagent.export.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.FakeSiteMetrics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReportTest {

  @Test
  void siteStatusFromMetricsComputesPercentilesInMillis() {
    FakeSiteMetrics site = new FakeSiteMetrics(4, "mlp", "a.B#c(float[])").slo(50);
    for (int ms = 1; ms <= 1000; ms++) {
      site.call(ms);
    }
    site.errors = 3;
    site.sloViolations = 950;

    SiteStatus status = SiteStatus.from(site, List.of("timing", "batch"));

    assertEquals(4, status.id());
    assertEquals(List.of("timing", "batch"), status.layers());
    assertEquals(1000, status.calls());
    assertEquals(3, status.errors());
    assertEquals(950, status.sloViolations());
    assertEquals(500, status.p50Ms(), 500 * 0.002);
    assertEquals(900, status.p90Ms(), 900 * 0.002);
    assertEquals(990, status.p99Ms(), 990 * 0.002);
    assertEquals(999, status.p999Ms(), 999 * 0.002);
    assertEquals(1000, status.maxMs(), 1000 * 0.002);
    assertEquals(50.0, status.sloMs());
  }

  @Test
  void emptyWindowAndNoSloAreNullInJson() {
    SiteStatus status = SiteStatus.from(new FakeSiteMetrics(0, "r", "a.B#c()"), null);
    assertTrue(Double.isNaN(status.p50Ms()));
    assertNull(status.sloMs());
    StringBuilder json = new StringBuilder();
    status.toJson(new dev.perfagent.export.json.JsonWriter(json));
    assertEquals("{\"id\":0,\"rule\":\"r\",\"method\":\"a.B#c()\",\"layers\":[],\"calls\":0,"
        + "\"errors\":0,\"sloViolations\":0,\"p50Ms\":null,\"p90Ms\":null,\"p99Ms\":null,"
        + "\"p999Ms\":null,\"maxMs\":null,\"sloMs\":null}", json.toString());
  }

  @Test
  void statusReportJson() {
    SiteStatus site = new SiteStatus(1, "embeddings", "com.example.EmbeddingService#embed(String)",
        List.of("timing", "cache"), 10, 1, 0, 1.5, 2.0, 3.25, 4.0, 5.0, 100.0);
    StatusReport report = new StatusReport("inference-service", "0.1.0", "17.0.15", 4242,
        "attach", Instant.parse("2026-01-02T03:04:05Z"), "perf-agent.yaml", List.of(site),
        new SelfStatus(3, 1, 0, 1_234_567, "127.0.0.1:9464"), List.of("rule \"x\" matched nothing"));

    assertEquals("{\"service\":\"inference-service\",\"agentVersion\":\"0.1.0\","
        + "\"javaVersion\":\"17.0.15\",\"pid\":4242,\"startMode\":\"attach\","
        + "\"startedAt\":\"2026-01-02T03:04:05Z\",\"config\":\"perf-agent.yaml\","
        + "\"sites\":[{\"id\":1,\"rule\":\"embeddings\","
        + "\"method\":\"com.example.EmbeddingService#embed(String)\",\"layers\":[\"timing\",\"cache\"],"
        + "\"calls\":10,\"errors\":1,\"sloViolations\":0,\"p50Ms\":1.5,\"p90Ms\":2.0,\"p99Ms\":3.25,"
        + "\"p999Ms\":4.0,\"maxMs\":5.0,\"sloMs\":100.0}],"
        + "\"self\":{\"wovenClasses\":3,\"sites\":1,\"faults\":0,\"weaveNanos\":1234567,"
        + "\"httpAddress\":\"127.0.0.1:9464\"},"
        + "\"notes\":[\"rule \\\"x\\\" matched nothing\"]}", report.toJson());
  }

  @Test
  void nullsAreTolerated() {
    StatusReport report = new StatusReport(null, null, null, 1, null, null, null, null, null, null);
    assertEquals("{\"service\":null,\"agentVersion\":null,\"javaVersion\":null,\"pid\":1,"
        + "\"startMode\":null,\"startedAt\":null,\"config\":null,\"sites\":[],\"self\":null,"
        + "\"notes\":[]}", report.toJson());
  }

  @Test
  void profilingIsWrittenWhenPresent() {
    ProfilingStatus profiling = new ProfilingStatus("async-profiler", "perf_events", 10.0, 60.0, 3,
        Instant.parse("2026-01-02T03:04:05Z"), 0.25, false, null,
        java.util.Map.of("cpu", 120L, "alloc", 7L), java.util.Map.of("jdk.CPULoad", 60L));
    StatusReport report = new StatusReport(null, null, null, 1, null, null, null, null, null, null, profiling);
    assertEquals("{\"service\":null,\"agentVersion\":null,\"javaVersion\":null,\"pid\":1,"
        + "\"startMode\":null,\"startedAt\":null,\"config\":null,\"sites\":[],\"self\":null,"
        + "\"notes\":[],\"profiling\":{\"engine\":\"async-profiler\",\"mode\":\"perf_events\","
        + "\"intervalMs\":10.0,\"windowSeconds\":60.0,\"windows\":3,\"lastWindowEnd\":\"2026-01-02T03:04:05Z\","
        + "\"lastOverheadPercent\":0.25,\"cpuSharesApproximate\":false,\"lastError\":null,"
        + "\"lastWindowSamples\":{\"alloc\":7,\"cpu\":120},\"lastWindowEvents\":{\"jdk.CPULoad\":60}}}",
        report.toJson());
  }
}
