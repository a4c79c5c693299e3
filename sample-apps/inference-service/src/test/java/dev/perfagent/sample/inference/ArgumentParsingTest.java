package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParsingTest {

  @Test
  void durationsWithUnits() {
    assertEquals(Duration.ofSeconds(10), DurationArgument.parse("10s"));
    assertEquals(Duration.ofMillis(500), DurationArgument.parse("500ms"));
    assertEquals(Duration.ofMinutes(1), DurationArgument.parse("1m"));
    assertEquals(Duration.ofHours(2), DurationArgument.parse("2h"));
    assertEquals(Duration.ofNanos(250), DurationArgument.parse("250ns"));
    assertEquals(Duration.ofNanos(3_000), DurationArgument.parse("3us"));
    assertEquals(Duration.ofMillis(1500), DurationArgument.parse("1.5s"));
    assertEquals(Duration.ZERO, DurationArgument.parse("0s"));
    assertEquals(Duration.ofSeconds(5), DurationArgument.parse(" 5S "));
  }

  @Test
  void badDurationsAreRejected() {
    for (String bad : new String[] {"", "10", "s", "-1s", "10 sec", "1.2.3s", "5d", "0.5ns"}) {
      assertThrows(IllegalArgumentException.class, () -> DurationArgument.parse(bad), bad);
    }
  }

  @Test
  void serverOptionsDefaultsAndOverrides() {
    ServerOptions defaults = ServerOptions.parse(List.of());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(8080, defaults.port());
    assertEquals(16, defaults.threads());
    assertArrayEquals(new int[] {256, 1024, 16}, defaults.layers());
    assertEquals(ModelKind.MLP, defaults.model());
    assertEquals(1, defaults.intraOpThreads());

    ServerOptions custom =
        ServerOptions.parse(List.of("--port", "0", "--host", "0.0.0.0", "--layers", "8, 4,2", "--threads", "3"));
    assertEquals(0, custom.port());
    assertEquals("0.0.0.0", custom.host());
    assertEquals(3, custom.threads());
    assertArrayEquals(new int[] {8, 4, 2}, custom.layers());
  }

  @Test
  void badServerOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--port")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--port", "x")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--port", "70000")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--threads", "0")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--layers", "8")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--layers", "8,-1")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--bogus")));
  }

  @Test
  void modelOptionPicksTheOnnxModelsAndTheirSizes() {
    ServerOptions small = ServerOptions.parse(List.of("--model", "onnx-small"));
    assertEquals(ModelKind.ONNX_SMALL, small.model());
    assertArrayEquals(new int[] {64, 128, 16}, small.layers());

    ServerOptions large = ServerOptions.parse(List.of("--model", "onnx-large", "--intra-op-threads", "4"));
    assertEquals(ModelKind.ONNX_LARGE, large.model());
    assertArrayEquals(new int[] {256, 1024, 16}, large.layers());
    assertEquals(4, large.intraOpThreads());

    ServerOptions mlp = ServerOptions.parse(List.of("--model", "mlp", "--layers", "8,4,2"));
    assertEquals(ModelKind.MLP, mlp.model());
    assertArrayEquals(new int[] {8, 4, 2}, mlp.layers());
  }

  @Test
  void badModelOptionsAreRejected() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--model", "onnx")));
    assertEquals("--model must be one of mlp|onnx-small|onnx-large|noop, got 'onnx'", unknown.getMessage());
    // The ONNX sizes are fixed: other sizes would be silently ignored, so they are refused.
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--model", "onnx-large", "--layers", "8,4,2")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--model")));
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--intra-op-threads", "0")));
  }

  @Test
  void benchOptions() {
    BenchOptions options =
        BenchOptions.parse(
            List.of("--clients", "4", "--duration", "2s", "--target", "http://127.0.0.1:9/score", "--warmup", "100ms"));
    assertEquals(4, options.clients());
    assertEquals(Duration.ofSeconds(2), options.duration());
    assertEquals(Duration.ofMillis(100), options.warmup());
    assertEquals(URI.create("http://127.0.0.1:9/score"), options.target());

    BenchOptions defaults = BenchOptions.parse(List.of());
    assertEquals(BenchOptions.DEFAULT_CLIENTS, defaults.clients());
    assertEquals(BenchOptions.DEFAULT_WARMUP, defaults.warmup());
  }

  @Test
  void badBenchOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--clients", "0")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--duration", "0s")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--target", "ftp://x/score")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--target", "not a url")));
  }

  @Test
  void floatCsvRoundTripsAndRejectsGarbage() {
    float[] values = {0.5f, -1f, 2e-3f, 123456.78f};
    assertArrayEquals(values, FloatCsv.parse(FloatCsv.format(values)));
    assertArrayEquals(new float[] {1f, 2f}, FloatCsv.parse(" 1 , 2 "));
    assertThrows(IllegalArgumentException.class, () -> FloatCsv.parse("1,,2"));
    assertThrows(IllegalArgumentException.class, () -> FloatCsv.parse("1,2,"));
    assertThrows(IllegalArgumentException.class, () -> FloatCsv.parse("1,abc"));
    assertThrows(IllegalArgumentException.class, () -> FloatCsv.parse("NaN"));
  }

  @Test
  void usageErrorsGiveStatusTwo() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream errStream = new java.io.PrintStream(err, true, "UTF-8");
    assertEquals(2, Main.run(new String[] {"--port", "nope"}, System.out, errStream));
    assertEquals(2, Main.run(new String[] {"bench", "--duration", "10"}, System.out, errStream));
    assertEquals(2, Main.run(new String[] {"--model", "tensorflow"}, System.out, errStream));
  }
}
