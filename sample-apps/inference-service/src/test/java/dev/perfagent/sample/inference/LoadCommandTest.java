package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code load} command end to end on the small pure-Java models (fast, no ONNX Runtime). */
class LoadCommandTest {

  @Test
  void singleCallsNeverReachScoreBatch() throws Exception {
    LoadOptions options = LoadOptions.parse(List.of("--model", "mlp", "--layers", "8,4,2", "--clients", "2",
        "--warmup", "0s", "--duration", "100ms"));
    LoadReport report = LoadCommand.run(options, options.model().open(options.layers(), 1, 1));
    assertTrue(report.figures().completed() > 0, report.toJson());
    assertEquals(0, report.batchCalls());
    assertEquals("closed", report.mode());
    assertEquals(1, report.itemsPerRequest());
  }

  @Test
  void ceilingCallsScoreBatchWithTheBatchSize() throws Exception {
    LoadOptions options = LoadOptions.parse(List.of("--model", "mlp", "--layers", "8,4,2", "--clients", "2",
        "--warmup", "20ms", "--duration", "100ms", "--ceiling", "--batch-size", "16"));
    LoadReport report = LoadCommand.run(options, options.model().open(options.layers(), 1, 1));
    assertEquals("ceiling", report.mode());
    assertEquals(16, report.itemsPerRequest());
    assertTrue(report.batchCalls() > 0, report.toJson());
    // The two counters are read one after the other while the workers run: a batch may fall between.
    assertTrue(Math.abs(report.batchedItems() - 16 * report.batchCalls()) <= 16 * 2, report.toJson());
    double expected = report.figures().completed() * 16 / (report.figures().elapsedNanos() / 1e9);
    assertEquals(expected, report.itemsPerSecond(), 1e-6 * expected);
  }

  @Test
  void mainPrintsOneJsonLineForTheNoopModelUnderOpenLoad() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"load", "--model", "noop", "--clients", "4", "--arrival", "poisson:2000",
        "--warmup", "0s", "--duration", "100ms", "--slo", "1s"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertEquals(1, printed.lines().count(), printed);
    assertTrue(printed.startsWith("{\"mode\":\"open\",\"target\":\"in-process\",\"model\":\"noop\",\"clients\":4,"
        + "\"threads\":\"platform\",\"arrival\":\"poisson:2000\",\"batch_size\":1,"), printed);
    assertTrue(printed.contains("\"errors\":0,"), printed);
  }
}
