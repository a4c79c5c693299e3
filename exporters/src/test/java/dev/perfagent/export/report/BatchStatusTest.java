package dev.perfagent.export.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.FakeBatchMetrics;
import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStatusTest {

  private static final String VIA = "a.B#cs([[F)[[F";

  /**
   * 100 batches of 8 calls, the first 99 taking 1 ms and the last 10 ms; 1000 calls waited 1..1000
   * µs; cap 32 of 64; about 8.4 callers at once.
   */
  private static FakeBatchMetrics eightCallers() {
    FakeBatchMetrics batch = new FakeBatchMetrics(4, "mlp", "a.B#c(float[])", VIA).slo(50);
    for (int i = 0; i < 99; i++) {
      batch.batch(8, 1_000);
    }
    batch.batch(8, 10_000);
    for (int us = 1; us <= 1000; us++) {
      batch.waited(us);
    }
    batch.cap = 32;
    batch.maxSize = 64;
    batch.delaySeconds = 0.0015;
    batch.costFixedSeconds = 0.0004;
    batch.costPerItemSeconds = 0.000075;
    batch.observedP99Seconds = 0.012;
    batch.callerConcurrency = 8.4;
    batch.rejectedFull = 1;
    batch.rejectedShed = 2;
    batch.timedOut = 3;
    batch.isolatedFailures = 4;
    batch.runAlone = 5;
    return batch;
  }

  @Test
  void fromMetricsComputesSizesTimesAndLimit() {
    BatchStatus status = BatchStatus.from(eightCallers());

    assertEquals(VIA, status.via());
    assertEquals(800, status.items());
    assertEquals(100, status.batches());
    assertEquals(8.0, status.meanBatchSize());
    assertEquals(8.0, status.p50BatchSize());
    assertEquals(8.0, status.p99BatchSize());
    assertEquals(8.0, status.maxBatchSize());
    assertEquals(0.5, status.queueWaitP50Ms(), 0.5 * 0.002);
    assertEquals(0.99, status.queueWaitP99Ms(), 0.99 * 0.002);
    assertEquals(1.0, status.serviceP50Ms(), 0.002);
    assertEquals(1.0, status.serviceP99Ms(), 0.002);
    assertEquals(32, status.cap());
    assertEquals(64, status.maxSize());
    assertEquals(1.5, status.delayMs(), 1e-12);
    assertEquals(400, status.costFixedUs(), 1e-9);
    assertEquals(75, status.costPerItemUs(), 1e-9);
    assertEquals(12, status.observedP99Ms(), 1e-12);
    assertEquals(50.0, status.sloMs());
    assertEquals(8.4, status.callerConcurrency());
    assertEquals(1, status.rejectedFull());
    assertEquals(2, status.rejectedShed());
    assertEquals(3, status.timedOut());
    assertEquals(4, status.isolatedFailures());
    assertEquals(5, status.runAlone());
    assertTrue(status.enabled());
    assertNull(status.offReason());
    assertEquals("callers: about 8 threads call at once, so batches cannot grow beyond 8; "
        + "more caller threads (or async callers) would batch more", status.limitedBy());
  }

  @Test
  void aFreshLayerHasNullFiguresAndNoLimit() {
    FakeBatchMetrics fresh = new FakeBatchMetrics(0, "r", "a.B#c()", VIA);
    BatchStatus status = BatchStatus.from(fresh);
    assertTrue(Double.isNaN(status.meanBatchSize()));
    assertTrue(Double.isNaN(status.p50BatchSize()));
    assertTrue(Double.isNaN(status.maxBatchSize()));
    assertTrue(Double.isNaN(status.queueWaitP99Ms()));
    assertTrue(Double.isNaN(status.serviceP50Ms()));
    assertTrue(Double.isNaN(status.costFixedUs()));
    assertNull(status.sloMs());
    assertNull(status.limitedBy());

    assertEquals("{\"via\":\"a.B#cs([[F)[[F\",\"items\":0,\"batches\":0,\"meanBatchSize\":null,"
        + "\"p50BatchSize\":null,\"p99BatchSize\":null,\"maxBatchSize\":null,"
        + "\"queueWaitP50Ms\":null,\"queueWaitP99Ms\":null,\"serviceP50Ms\":null,"
        + "\"serviceP99Ms\":null,\"cap\":64,\"maxSize\":64,\"delayMs\":0.0,\"costFixedUs\":null,"
        + "\"costPerItemUs\":null,\"observedP99Ms\":null,\"sloMs\":null,"
        + "\"callerConcurrency\":null,\"rejectedFull\":0,\"rejectedShed\":0,\"timedOut\":0,"
        + "\"isolatedFailures\":0,\"runAlone\":0,\"enabled\":true,\"offReason\":null,"
        + "\"limitedBy\":null}", json(status));
  }

  @Test
  void anOffLayerSaysWhyAndHasNoLimit() {
    FakeBatchMetrics off = eightCallers();
    off.offReason = "batch method threw on 3 batches in a row";
    BatchStatus status = BatchStatus.from(off);
    assertFalse(status.enabled());
    assertEquals("batch method threw on 3 batches in a row", status.offReason());
    assertNull(status.limitedBy());
    String json = json(status);
    assertTrue(json.contains(
        "\"enabled\":false,\"offReason\":\"batch method threw on 3 batches in a row\","
            + "\"limitedBy\":null}"), json);
  }

  @Test
  void limitedByRule() {
    // no batch yet
    assertNull(BatchStatus.limitedBy(Double.NaN, 64, 64, 10));
    // full batches at max-size, at the cap the controller chose, and at 90 % of the cap
    assertEquals("cap: batches are full at max-size 64; a larger max-size may batch more",
        BatchStatus.limitedBy(64, 64, 64, 200));
    assertEquals("cap: batches are full at the cap of 16 (max-size 64) the controller keeps to "
        + "meet the latency objective", BatchStatus.limitedBy(15, 16, 64, 200));
    assertTrue(BatchStatus.limitedBy(57.6, 64, 64, Double.NaN).startsWith("cap: "));
    // at the cap wins over callers when both hold
    assertTrue(BatchStatus.limitedBy(8, 8, 64, 8).startsWith("cap: "));
    // below the cap and at least 80 % of the callers
    assertEquals("callers: about 12 threads call at once, so batches cannot grow beyond 12; "
        + "more caller threads (or async callers) would batch more",
        BatchStatus.limitedBy(10, 64, 64, 12));
    assertEquals("callers: about 1 thread calls at once, so batches cannot grow beyond 1; "
        + "more caller threads (or async callers) would batch more",
        BatchStatus.limitedBy(1, 64, 64, 1.1));
    // below 80 % of the callers, or callers unknown: load
    String load = "load: calls arrive too slowly to fill batches of 64 while the batch method "
        + "is free; batches grow with the load";
    assertEquals(load, BatchStatus.limitedBy(9.5, 64, 64, 12));
    assertEquals(load, BatchStatus.limitedBy(9.5, 64, 64, Double.NaN));
    assertEquals(load, BatchStatus.limitedBy(9.5, 64, 64, 0));
    assertEquals(load, BatchStatus.limitedBy(9.5, 64, 64, Double.POSITIVE_INFINITY));
  }

  @Test
  void siteStatusWritesItsBatchAndLeavesItOutWhenNotBatched() {
    FakeSiteMetrics site = new FakeSiteMetrics(4, "mlp", "a.B#c(float[])").call(2);
    SiteStatus batched = SiteStatus.from(site, List.of("timing", "batch"), eightCallers());
    assertEquals(800, batched.batch().items());
    String json = json(batched);
    assertTrue(json.startsWith("{\"id\":4,"), json);
    assertTrue(json.contains(
        ",\"sloMs\":null,\"batch\":{\"via\":\"a.B#cs([[F)[[F\",\"items\":800,"), json);
    assertTrue(json.endsWith("\"limitedBy\":\"callers: about 8 threads call at once, so batches "
        + "cannot grow beyond 8; more caller threads (or async callers) would batch more\"}}"),
        json);

    assertNull(SiteStatus.from(site, List.of("timing")).batch());
    assertNull(SiteStatus.from(site, List.of("timing"), null).batch());
    SiteStatus plain = new SiteStatus(1, "r", "a.B#c()", null, 1, 0, 0, 1, 1, 1, 1, 1, null);
    assertNull(plain.batch());
    assertFalse(json(plain).contains("batch"), json(plain));
  }

  @Test
  void statusReportCarriesTheBatch() {
    BatchStatus batch = new BatchStatus(VIA, 10, 2, 5, 4, 6, 6, 0.25, 0.5, 1, 2, 8, 64, 1, 400,
        75, 3, 50.0, 5.5, 0, 0, 0, 0, 0, true, null, "callers: ...",
        List.of(new BatchExecutorFigures("0", 2, 10, 1, 1, 0.0015, true),
            new BatchExecutorFigures("1", 0, 0, 0, 0, Double.NaN, false)));
    SiteStatus site = new SiteStatus(1, "mlp", "a.B#c(float[])", List.of("batch"), 10, 0, 0,
        1, 2, 3, 4, 5, 50.0, batch);
    String json = new StatusReport("svc", "0.1.0", "17", 1, "premain", null, null,
        List.of(site), null, null).toJson();
    assertTrue(json.contains("\"sloMs\":50.0,\"batch\":{\"via\":\"a.B#cs([[F)[[F\",\"items\":10,"
        + "\"batches\":2,\"meanBatchSize\":5.0,\"p50BatchSize\":4.0,\"p99BatchSize\":6.0,"
        + "\"maxBatchSize\":6.0,\"queueWaitP50Ms\":0.25,\"queueWaitP99Ms\":0.5,"
        + "\"serviceP50Ms\":1.0,\"serviceP99Ms\":2.0,\"cap\":8,\"maxSize\":64,\"delayMs\":1.0,"
        + "\"costFixedUs\":400.0,\"costPerItemUs\":75.0,\"observedP99Ms\":3.0,\"sloMs\":50.0,"
        + "\"callerConcurrency\":5.5,\"rejectedFull\":0,\"rejectedShed\":0,\"timedOut\":0,"
        + "\"isolatedFailures\":0,\"runAlone\":0,\"enabled\":true,\"offReason\":null,"
        + "\"limitedBy\":\"callers: ...\",\"executors\":[{\"executor\":\"0\",\"batches\":2,"
        + "\"items\":10,\"failures\":1,\"inFlight\":1,\"servicePerCallMs\":1.5,\"inRotation\":true},"
        + "{\"executor\":\"1\",\"batches\":0,\"items\":0,\"failures\":0,\"inFlight\":0,"
        + "\"servicePerCallMs\":null,\"inRotation\":false}]}}]"), json);
  }

  private static String json(BatchStatus status) {
    StringBuilder out = new StringBuilder();
    status.toJson(new JsonWriter(out));
    return out.toString();
  }

  private static String json(SiteStatus status) {
    StringBuilder out = new StringBuilder();
    status.toJson(new JsonWriter(out));
    return out.toString();
  }

  @Test
  void memoryAwareBatchingShowsItsLearntFigureAndCapOrWhyItIsOff() {
    FakeBatchMetrics learnt = eightCallers();
    learnt.memoryOffReason = null;
    learnt.memoryPerItemBytes = 12_582_912;
    learnt.memoryCap = 24;
    BatchStatus on = BatchStatus.from(learnt);
    assertEquals("on", on.memoryAware());
    assertEquals(24, on.memoryCap());
    String json = json(on);
    assertTrue(json.contains("\"memoryAware\":\"on\",\"memoryPerItemBytes\":1.2582912E7,\"memoryCap\":24"),
        json);

    FakeBatchMetrics cpu = eightCallers();
    cpu.memoryOffReason = "the cpu accelerator reports no device memory for the model";
    BatchStatus off = BatchStatus.from(cpu);
    assertEquals("off: the cpu accelerator reports no device memory for the model", off.memoryAware());
    assertNull(off.memoryCap());
    assertTrue(json(off).contains("\"memoryPerItemBytes\":null,\"memoryCap\":null"));

    assertNull(BatchStatus.from(eightCallers()).memoryAware(), "no memory-aware batching: left out");
    assertFalse(json(BatchStatus.from(eightCallers())).contains("memoryAware"));
  }
}
