package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void unreachableTargetCountsErrorsInsteadOfFailing() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    BenchOptions options =
        BenchOptions.parse(
            List.of("--clients", "1", "--duration", "200ms", "--warmup", "0s",
                "--target", "http://127.0.0.1:" + freePort + "/score"));
    BenchReport report = new LoadGenerator(options).run();
    assertEquals(0, report.requests());
    assertTrue(report.errors() > 0, report.toJson());
    assertEquals(0.0, report.p99Ms());
  }

  @Test
  void percentilesUseNearestRank() {
    long[] sorted = new long[1000];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }
    assertEquals(500, BenchReport.percentile(sorted, 0.50));
    assertEquals(990, BenchReport.percentile(sorted, 0.99));
    assertEquals(999, BenchReport.percentile(sorted, 0.999));
    assertEquals(7, BenchReport.percentile(new long[] {7}, 0.999));
    assertEquals(0, BenchReport.percentile(new long[0], 0.5));
  }

  @Test
  void reportJsonHasFixedKeysAndRoundedFigures() {
    BenchReport report = BenchReport.of(3, 2.0, new long[] {2_000_000, 1_000_000, 3_000_000, 4_000_000}, 1);
    assertEquals(
        "{\"clients\":3,\"duration_s\":2.000,\"requests\":4,\"errors\":1,\"requests_per_sec\":2.0,"
            + "\"p50_ms\":2.000,\"p99_ms\":4.000,\"p999_ms\":4.000,\"max_ms\":4.000}",
        report.toJson());
  }
}
