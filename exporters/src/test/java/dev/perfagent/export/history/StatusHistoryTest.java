package dev.perfagent.export.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.json.JsonParser;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.BatchStatus;
import dev.perfagent.export.report.LayerStatus;
import dev.perfagent.export.report.SiteStatus;
import dev.perfagent.export.report.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

  private static final String A = "com.example.A#a(int)";
  private static final String B = "com.example.B#b()";

  static SiteStatus site(String method, long calls, long errors, long violations, double p99Ms) {
    return new SiteStatus(7, "rule", method, List.of("timing"), calls, errors, violations,
        p99Ms / 2, p99Ms * 0.9, p99Ms, p99Ms * 2, p99Ms * 3, 50.0);
  }

  static SiteStatus withLayers(SiteStatus s, BatchStatus batch, LayerStatus... layers) {
    return new SiteStatus(s.id(), s.rule(), s.method(), s.layers(), s.calls(), s.errors(),
        s.sloViolations(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.sloMs(), batch,
        List.of(layers));
  }

  static BatchStatus batch(long items, long batches, int cap) {
    return new BatchStatus("com.example.A#aAll(int[])", items, batches, (double) items / batches,
        8, 16, 16, 1, 2, 3, 4, cap, 64, 2, 100, 10, 30, 50.0, 12, 0, 0, 0, 0, 0, true, null, null, List.of());
  }

  static StatusReport report(SiteStatus... sites) {
    return new StatusReport("svc", "0.1.0", "17", 1, "premain", Instant.EPOCH, "cfg",
        List.of(sites), null, List.of());
  }

  static Map<String, Object> json(StatusHistory history, long since) {
    StringBuilder out = new StringBuilder();
    history.writeJson(new JsonWriter(out), since, 123);
    return JsonParser.object(out.toString());
  }

  static Map<String, Object> json(StatusHistory history) {
    return json(history, Long.MIN_VALUE);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> siteJson(Map<String, Object> json, String method) {
    for (Object site : (List<Object>) json.get("sites")) {
      if (method.equals(((Map<String, Object>) site).get("method"))) {
        return (Map<String, Object>) site;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> series(Map<String, Object> json, String method, String name) {
    return ((Map<String, List<Object>>) siteJson(json, method).get("series")).get(name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> layerJson(Map<String, Object> json, String method, String layer) {
    for (Object p : (List<Object>) siteJson(json, method).get("protections")) {
      if (layer.equals(((Map<String, Object>) p).get("layer"))) {
        return (Map<String, Object>) p;
      }
    }
    return null;
  }

  static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  static StatusHistory small(int samples) {
    return new StatusHistory(Duration.ofSeconds(5), Duration.ofSeconds(5L * samples), 10, 40);
  }

  @Test
  void ratesAreCounterIncreasesOverTheTimeBetweenSamples() {
    StatusHistory history = small(10);
    history.record(report(site(A, 100, 0, 0, 10)), 1_000);
    history.record(report(site(A, 600, 10, 25, 12)), 6_000);
    history.record(report(site(A, 1_600, 10, 25, 8)), 11_000);

    Map<String, Object> json = json(history);
    assertEquals(list(1_000.0, 6_000.0, 11_000.0), json.get("times"));
    assertEquals(5_000.0, json.get("intervalMs"));
    assertEquals(10.0, json.get("capacity"));
    assertEquals(123.0, json.get("now"));
    assertEquals(list(null, 100.0, 200.0), series(json, A, "callsPerSec"));
    assertEquals(list(null, 2.0, 0.0), series(json, A, "errorsPerSec"));
    assertEquals(list(null, 5.0, 0.0), series(json, A, "sloViolationsPerSec"));
    assertEquals(list(5.0, 6.0, 4.0), series(json, A, "p50Ms"));
    assertEquals(list(10.0, 12.0, 8.0), series(json, A, "p99Ms"));
    assertEquals(list(20.0, 24.0, 16.0), series(json, A, "p999Ms"));
    Map<String, Object> site = siteJson(json, A);
    assertEquals(7.0, site.get("id"));
    assertEquals("rule", site.get("rule"));
    assertEquals(50.0, site.get("sloMs"));
    assertEquals(list("timing"), site.get("layers"));
    assertFalse(site.containsKey("batch"), "not batched");
    assertFalse(site.containsKey("protections"), "no protection layer");
  }

  @Test
  void anEmptyLatencyWindowIsAGap() {
    StatusHistory history = small(10);
    history.record(report(site(A, 0, 0, 0, Double.NaN)), 0);
    history.record(report(site(A, 5, 0, 0, 3)), 5_000);
    assertEquals(list(null, 3.0), series(json(history), A, "p99Ms"));
  }

  @Test
  void aCounterThatWentDownWasRestartedAndCountsFromZero() {
    StatusHistory history = small(10);
    history.record(report(site(A, 1_000, 0, 0, 1)), 0);
    history.record(report(site(A, 200, 0, 0, 1)), 5_000);
    assertEquals(list(null, 40.0), series(json(history), A, "callsPerSec"));
  }

  @Test
  void aClockThatSteppedBackGivesNoRate() {
    StatusHistory history = small(10);
    history.record(report(site(A, 0, 0, 0, 1)), 10_000);
    history.record(report(site(A, 50, 0, 0, 1)), 9_000);
    history.record(report(site(A, 100, 0, 0, 1)), 14_000);
    assertEquals(list(null, null, 10.0), series(json(history), A, "callsPerSec"));
  }

  @Test
  void aSiteMissingFromASampleHasAGapAndItsRateStartsAgain() {
    StatusHistory history = small(10);
    history.record(report(site(A, 100, 0, 0, 5), site(B, 0, 0, 0, 1)), 0);
    history.record(report(site(B, 10, 0, 0, 1)), 5_000);
    history.record(report(site(A, 300, 0, 0, 7), site(B, 20, 0, 0, 1)), 10_000);
    history.record(report(site(A, 350, 0, 0, 7), site(B, 30, 0, 0, 1)), 15_000);

    Map<String, Object> json = json(history);
    assertEquals(list(5.0, null, 7.0, 7.0), series(json, A, "p99Ms"));
    // No rate across the gap: the increase of 200 happened over an unknown part of 10 s.
    assertEquals(list(null, null, null, 10.0), series(json, A, "callsPerSec"));
    assertEquals(list(null, 2.0, 2.0, 2.0), series(json, B, "callsPerSec"));
  }

  @Test
  void theRingKeepsTheLastSamplesInOrder() {
    StatusHistory history = small(3);
    for (int i = 0; i < 7; i++) {
      history.record(report(site(A, 50L * i * i, 0, 0, i)), 5_000L * i);
    }
    Map<String, Object> json = json(history);
    assertEquals(list(20_000.0, 25_000.0, 30_000.0), json.get("times"));
    assertEquals(list(4.0, 5.0, 6.0), series(json, A, "p99Ms"));
    // 50 i² calls: increases of 350, 450, 550 over 5 s.
    assertEquals(list(70.0, 90.0, 110.0), series(json, A, "callsPerSec"));
  }

  @Test
  void sinceLeavesOutTheSamplesAlreadySeen() {
    StatusHistory history = small(10);
    history.record(report(site(A, 0, 0, 0, 1)), 1_000);
    history.record(report(site(A, 0, 0, 0, 2)), 6_000);
    history.record(report(site(A, 0, 0, 0, 3)), 11_000);

    Map<String, Object> json = json(history, 6_000);
    assertEquals(list(11_000.0), json.get("times"));
    assertEquals(list(3.0), series(json, A, "p99Ms"));
    assertEquals(list(), json(history, 11_000).get("times"));
    assertEquals(list(), series(json(history, 11_000), A, "p99Ms"));
  }

  @Test
  void aSiteAbsentFromEveryKeptSampleIsDropped() {
    StatusHistory history = small(3);
    history.record(report(site(A, 0, 0, 0, 1), site(B, 0, 0, 0, 1)), 0);
    history.record(report(site(B, 0, 0, 0, 1)), 5_000);
    history.record(report(site(B, 0, 0, 0, 1)), 10_000);
    assertEquals(2, history.siteCount(), "A's first sample is still kept");
    assertEquals(list(1.0, null, null), series(json(history), A, "p99Ms"));

    history.record(report(site(B, 0, 0, 0, 1)), 15_000);
    assertEquals(1, history.siteCount());
    assertNull(siteJson(json(history), A));
  }

  @Test
  void batchSitesKeepCapMeanBatchSizeAndItemsPerSecond() {
    StatusHistory history = small(10);
    SiteStatus s = site(A, 0, 0, 0, 1);
    history.record(report(withLayers(s, batch(1_000, 100, 16))), 0);
    history.record(report(withLayers(s, batch(1_600, 120, 24))), 5_000);
    history.record(report(withLayers(s, batch(1_600, 120, 32))), 10_000);

    @SuppressWarnings("unchecked")
    Map<String, List<Object>> batch =
        (Map<String, List<Object>>) siteJson(json(history), A).get("batch");
    assertEquals(list(16.0, 24.0, 32.0), batch.get("cap"));
    // 600 items in 20 batches since the previous sample; none in the last interval.
    assertEquals(list(null, 30.0, null), batch.get("meanSize"));
    assertEquals(list(null, 120.0, 0.0), batch.get("itemsPerSec"));
  }

  @Test
  void protectionLayersKeepGaugesCounterRatesAndStatesWithoutKnowingTheLayer() {
    StatusHistory history = small(10);
    SiteStatus s = site(A, 0, 0, 0, 1);
    history.record(report(withLayers(s, null,
        breaker("CLOSED", 0, 0), cache(0.25, 100))), 0);
    history.record(report(withLayers(s, null,
        breaker("OPEN", 0.625, 40), cache(0.5, 120))), 5_000);
    history.record(report(withLayers(s, null,
        breaker("HALF_OPEN", 0.1, 40), cache(0.75, 90))), 10_000);

    Map<String, Object> json = json(history);
    Map<String, Object> breaker = layerJson(json, A, "circuit_breaker");
    assertEquals(Map.of("failure_rate_ratio", list(0.0, 0.625, 0.1),
        "rejected_per_s", list(null, 8.0, 0.0)), breaker.get("series"),
        "labelled figures and figures named like a state are left out");
    assertEquals(Map.of("state", list("CLOSED", "OPEN", "HALF_OPEN")), breaker.get("states"));
    Map<String, Object> cache = layerJson(json, A, "cache");
    assertEquals(Map.of("hit_ratio", list(0.25, 0.5, 0.75), "size", list(100.0, 120.0, 90.0)),
        cache.get("series"));
    assertEquals(Map.of(), cache.get("states"));
  }

  static LayerStatus breaker(String state, double failureRate, double rejected) {
    return new LayerStatus("circuit_breaker", Map.of("state", state), List.of(
        LayerFigure.gauge("failure_rate_ratio", "failures, 0 to 1", failureRate),
        LayerFigure.counter("rejected", "calls refused while open", rejected),
        LayerFigure.gauge("state", "state as a number", 1),
        new LayerFigure("calls", LayerFigure.Type.COUNTER, "calls by outcome",
            Map.of("outcome", "success"), 5)));
  }

  static LayerStatus cache(double hitRatio, double size) {
    return new LayerStatus("cache", Map.of(), List.of(
        LayerFigure.gauge("hit_ratio", "hits over lookups", hitRatio),
        LayerFigure.gauge("size", "entries", size)));
  }

  @Test
  void aLayerGoneFromEveryKeptSampleIsDropped() {
    StatusHistory history = small(2);
    SiteStatus s = site(A, 0, 0, 0, 1);
    history.record(report(withLayers(s, batch(10, 1, 4), cache(0.5, 1))), 0);
    history.record(report(s), 5_000);
    assertEquals(Map.of("hit_ratio", list(0.5, null), "size", list(1.0, null)),
        layerJson(json(history), A, "cache").get("series"), "still in the first kept sample");
    history.record(report(s), 10_000);
    Map<String, Object> site = siteJson(json(history), A);
    assertFalse(site.containsKey("protections"), site.toString());
    assertFalse(site.containsKey("batch"), site.toString());
  }

  @Test
  void sitesBeyondTheLimitAreNotKeptButCounted() {
    StatusHistory history = new StatusHistory(Duration.ofSeconds(5), Duration.ofMinutes(1), 2, 40);
    history.record(report(site(A, 0, 0, 0, 1), site(B, 0, 0, 0, 1),
        site("com.example.C#c()", 0, 0, 0, 1)), 0);
    assertEquals(2, history.siteCount());
    Map<String, Object> json = json(history);
    assertEquals(1.0, json.get("untrackedSites"));
    assertNull(siteJson(json, "com.example.C#c()"));
  }

  @Test
  void aSiteHoldsNoMoreSeriesThanItsBudget() {
    // 6 timing series + 4 of the layer's 5 gauges = 10: no room for the fifth or the state.
    StatusHistory history = new StatusHistory(Duration.ofSeconds(5), Duration.ofMinutes(1), 10, 10);
    List<LayerFigure> figures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      figures.add(LayerFigure.gauge("g" + i, "gauge " + i, i));
    }
    LayerStatus wide = new LayerStatus("wide", Map.of("mode", "on"), figures);
    history.record(report(withLayers(site(A, 0, 0, 0, 1), null, wide)), 0);
    Map<String, Object> layer = layerJson(json(history), A, "wide");
    assertEquals(List.of("g0", "g1", "g2", "g3"), List.copyOf(((Map<?, ?>) layer.get("series")).keySet()));
    assertEquals(Map.of(), layer.get("states"), "no room left for the state");
  }

  @Test
  void floatsAreWrittenInTheirShortestForm() {
    StatusHistory history = small(10);
    history.record(report(site(A, 0, 0, 0, 0.2)), 0);
    StringBuilder out = new StringBuilder();
    history.writeJson(new JsonWriter(out), Long.MIN_VALUE, 0);
    assertTrue(out.toString().contains("\"p99Ms\":[0.2]"), out.toString());
    assertTrue(out.toString().contains("\"p50Ms\":[0.1]"), out.toString());
  }

  @Test
  void rejectsAnIntervalLongerThanTheSpan() {
    assertThrows(IllegalArgumentException.class,
        () -> new StatusHistory(Duration.ofSeconds(10), Duration.ofSeconds(5), 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new StatusHistory(Duration.ZERO, Duration.ofSeconds(5), 1, 1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void readersDuringRecordingAlwaysSeeWholeAlignedSamples() throws Exception {
    StatusHistory history = small(20);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 2_000; i++) {
          SiteStatus s = site(i % 2 == 0 ? A : B, i, 0, 0, i);
          history.record(report(withLayers(s, batch(i + 1, 1, 4), cache(0.5, i))), 5_000L * i);
        }
      } catch (Throwable t) {
        failures.add(t);
      } finally {
        done.countDown();
      }
    });
    writer.start();
    int reads = 0;
    while (done.getCount() > 0 || reads == 0) {
      Map<String, Object> json = json(history);
      int samples = ((List<Object>) json.get("times")).size();
      for (Object site : (List<Object>) json.get("sites")) {
        for (Object values : ((Map<String, Object>) ((Map<String, Object>) site).get("series")).values()) {
          assertEquals(samples, ((List<Object>) values).size());
        }
      }
      reads++;
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(), failures);
  }
}
