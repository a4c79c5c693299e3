package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
    assertEquals(4, options.plan().clients());
    assertEquals(Duration.ofSeconds(2), options.plan().duration());
    assertEquals(Duration.ofMillis(100), options.plan().warmup());
    assertEquals(URI.create("http://127.0.0.1:9/score"), options.target());
    assertEquals("closed", options.mode());

    BenchOptions defaults = BenchOptions.parse(List.of());
    assertEquals(BenchOptions.DEFAULT_CLIENTS, defaults.plan().clients());
    assertEquals(BenchOptions.DEFAULT_WARMUP, defaults.plan().warmup());
    assertEquals(new Arrival.Closed(), defaults.plan().arrival());
    assertEquals(Optional.empty(), defaults.plan().slo());

    BenchOptions open = BenchOptions.parse(List.of("--arrival", "bursty:500:10", "--seed", "7", "--slo", "20ms"));
    assertEquals(new Arrival.Bursty(500, 10), open.plan().arrival());
    assertEquals(7, open.plan().seed());
    assertEquals(Optional.of(Duration.ofMillis(20)), open.plan().slo());
    assertEquals("open", open.mode());
  }

  @Test
  void badBenchOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--clients", "0")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--duration", "0s")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--target", "ftp://x/score")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--target", "not a url")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--arrival", "poisson")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--slo", "0s")));
  }

  @Test
  void loadOptionsDefaults() {
    LoadOptions defaults = LoadOptions.parse(List.of());
    assertEquals(ModelKind.ONNX_LARGE, defaults.model());
    assertArrayEquals(new int[] {256, 1024, 16}, defaults.layers());
    assertEquals(1, defaults.intraOpThreads());
    assertEquals(LoadOptions.DEFAULT_CLIENTS, defaults.plan().clients());
    assertEquals(new Arrival.Closed(), defaults.plan().arrival());
    assertEquals(LoadOptions.DEFAULT_WARMUP, defaults.plan().warmup());
    assertEquals(LoadOptions.DEFAULT_DURATION, defaults.plan().duration());
    assertEquals(LoadOptions.DEFAULT_SEED, defaults.plan().seed());
    assertEquals(Optional.empty(), defaults.plan().slo());
    assertFalse(defaults.ceiling());
    assertEquals("closed", defaults.mode());
  }

  @Test
  void loadOptionsOverrides() {
    LoadOptions open =
        LoadOptions.parse(
            List.of("--model", "mlp", "--layers", "8,4,2", "--clients", "16", "--arrival", "poisson:2500.5",
                "--warmup", "0s", "--duration", "3s", "--seed", "-9", "--slo", "5ms", "--intra-op-threads", "2"));
    assertEquals(ModelKind.MLP, open.model());
    assertArrayEquals(new int[] {8, 4, 2}, open.layers());
    assertEquals(2, open.intraOpThreads());
    assertEquals(16, open.plan().clients());
    assertEquals(new Arrival.Poisson(2500.5), open.plan().arrival());
    assertEquals(Duration.ZERO, open.plan().warmup());
    assertEquals(Duration.ofSeconds(3), open.plan().duration());
    assertEquals(-9, open.plan().seed());
    assertEquals(Optional.of(Duration.ofMillis(5)), open.plan().slo());
    assertEquals("open", open.mode());

    LoadOptions ceiling = LoadOptions.parse(List.of("--ceiling", "--batch-size", "32", "--clients", "1"));
    assertTrue(ceiling.ceiling());
    assertEquals(32, ceiling.batchSize());
    assertEquals("ceiling", ceiling.mode());
    assertEquals(LoadOptions.DEFAULT_BATCH_SIZE, LoadOptions.parse(List.of("--ceiling")).batchSize());

    LoadOptions noop = LoadOptions.parse(List.of("--model", "noop", "--layers", "64,16"));
    assertEquals(ModelKind.NOOP, noop.model());
    assertArrayEquals(new int[] {64, 16}, noop.layers());
  }

  @Test
  void virtualThreadsOnJdk21AndLaterOnly() {
    assertFalse(LoadOptions.parse(List.of()).plan().virtualThreads());
    assertFalse(ServerOptions.parse(List.of()).virtualThreads());
    if (Runtime.version().feature() >= 21) {
      assertTrue(ServerOptions.parse(List.of("--virtual-threads")).virtualThreads());
    } else {
      IllegalArgumentException serve = assertThrows(IllegalArgumentException.class,
          () -> ServerOptions.parse(List.of("--virtual-threads")));
      assertTrue(serve.getMessage().startsWith("--virtual-threads needs JDK 21 or later"), serve.getMessage());
    }
    if (Runtime.version().feature() >= 21) {
      assertTrue(LoadOptions.parse(List.of("--virtual-threads")).plan().virtualThreads());
      Thread worker = WorkerThreads.create(() -> {}, "w", true);
      assertTrue(worker.isDaemon() && "w".equals(worker.getName()));
    } else {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LoadOptions.parse(List.of("--virtual-threads")));
      assertTrue(e.getMessage().startsWith("--virtual-threads needs JDK 21 or later"), e.getMessage());
    }
  }

  @Test
  void badLoadOptionsAreRejected() {
    for (List<String> bad : List.of(
        List.of("--clients", "0"),
        List.of("--duration", "0s"),
        List.of("--warmup", "-1s"),
        List.of("--slo", "0ms"),
        List.of("--seed", "x"),
        List.of("--arrival", "uniform:5"),
        List.of("--model", "onnx-small", "--layers", "8,4"),
        List.of("--batch-size", "8"), // without --ceiling
        List.of("--ceiling", "--batch-size", "0"),
        List.of("--ceiling", "--arrival", "poisson:100"),
        List.of("--target", "http://x/"))) {
      assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(bad), bad.toString());
    }
  }

  @Test
  void arrivalsParseAndDescribeThemselves() {
    assertEquals(new Arrival.Closed(), Arrival.parse("closed"));
    assertEquals(new Arrival.Poisson(1000), Arrival.parse("poisson:1000"));
    assertEquals(new Arrival.Poisson(0.5), Arrival.parse("Poisson:0.5"));
    assertEquals(new Arrival.Bursty(2000, 32), Arrival.parse("bursty:2000:32"));
    for (String text : new String[] {"closed", "poisson:1000", "poisson:0.5", "bursty:2000:32", "bursty:12.5:1"}) {
      assertEquals(text, Arrival.parse(text).describe());
    }
    assertFalse(Arrival.parse("closed").isOpenLoop());
    assertTrue(Arrival.parse("poisson:1").isOpenLoop());
    assertTrue(Arrival.parse("bursty:1:1").isOpenLoop());
  }

  @Test
  void badArrivalsAreRejected() {
    for (String bad : new String[] {"", "open", "closed:1", "poisson", "poisson:", "poisson:0", "poisson:-5",
        "poisson:NaN", "poisson:Infinity", "poisson:1:2", "bursty:100", "bursty:100:0", "bursty:100:1.5",
        "bursty:0:4", "bursty:x:4"}) {
      assertThrows(IllegalArgumentException.class, () -> Arrival.parse(bad), bad);
    }
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
    assertEquals(2, Main.run(new String[] {"load", "--arrival", "poisson"}, System.out, errStream));
    assertEquals(2, Main.run(new String[] {"load", "--ceiling", "--arrival", "poisson:10"}, System.out, errStream));
    assertEquals(2, Main.run(new String[] {"--model", "tensorflow"}, System.out, errStream));
  }

  @Test
  void deviceIsCpuByDefaultAndCudaWithTheOnnxModels() {
    assertEquals(Device.CPU, ServerOptions.parse(List.of()).device());
    assertEquals(Device.CPU, LoadOptions.parse(List.of()).device());
    assertEquals(Device.CPU, ServerOptions.parse(List.of("--model", "onnx-small", "--device", "cpu")).device());
    assertEquals(Device.CUDA, ServerOptions.parse(List.of("--model", "onnx-small", "--device", "cuda")).device());
    assertEquals(Device.CUDA, ServerOptions.parse(List.of("--device", "cuda", "--model", "onnx-large")).device());
    assertEquals(Device.CUDA, LoadOptions.parse(List.of("--model", "onnx-small", "--device", "cuda")).device());
    // load's default model is onnx-large, so cuda alone is valid there.
    assertEquals(Device.CUDA, LoadOptions.parse(List.of("--device", "cuda")).device());
  }

  @Test
  void cudaWithTheNoopModelIsAUsageErrorNamingTheOption() {
    IllegalArgumentException serve = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--model", "noop", "--device", "cuda")));
    assertEquals("--device cuda applies to --model mlp, onnx-small and onnx-large only; noop runs on the CPU",
        serve.getMessage());
    IllegalArgumentException load = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse(List.of("--model", "noop", "--device", "cuda")));
    assertEquals(serve.getMessage(), load.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ModelKind.NOOP.open(new int[] {4, 2}, 1, 1, Device.CUDA));
    // mlp runs on CUDA through cuBLAS: serve's default model accepts the device.
    assertEquals(Device.CUDA, ServerOptions.parse(List.of("--device", "cuda")).device());
    assertEquals(Device.CUDA, LoadOptions.parse(List.of("--model", "mlp", "--device", "cuda")).device());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--device", "gpu")));
    assertEquals("--device must be one of cpu|cuda, got 'gpu'", bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--device")));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of("--device", "CUDA")));
  }

  @Test
  void cudaWithNoopExitsWithTheUsageStatusAndNamesTheOption() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, Main.run(new String[] {"serve", "--model", "noop", "--device", "cuda", "--port", "0"}, System.out,
        errStream));
    String first = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    assertTrue(first.startsWith("inference-service: --device cuda applies to"), first);
  }
}
