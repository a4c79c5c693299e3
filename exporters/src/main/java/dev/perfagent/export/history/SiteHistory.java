package dev.perfagent.export.history;

import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.BatchStatus;
import dev.perfagent.export.report.LayerStatus;
import dev.perfagent.export.report.SiteStatus;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of one site (one woven method): call, error and SLO-violation rates, latency
 * percentiles, its batch layer's cap, batch size and items per second, and each protection layer
 * ({@link LayerHistory}), within a budget of series. Not thread-safe: guarded by the history.
 */
final class SiteHistory {

  private final String method;
  private final int capacity;
  private final SeriesBudget budget;
  private final SeriesGroup timing;
  private final SeriesGroup batch;
  private final Map<String, LayerHistory> protections = new LinkedHashMap<>();
  private int id;
  private String rule;
  private List<String> layers;
  private Double sloMs;
  private long lastSeenSample;

  SiteHistory(String method, int capacity, int maxSeries) {
    this.method = method;
    this.capacity = capacity;
    this.budget = new SeriesBudget(maxSeries);
    this.timing = new SeriesGroup(capacity, budget);
    this.batch = new SeriesGroup(capacity, budget);
  }

  /**
   * Records the site's figures at {@code sample}.
   *
   * @param seconds the time since the previous sample, for rates; {@code NaN} if unknown
   */
  void record(SiteStatus site, long sample, double seconds) {
    id = site.id();
    rule = site.rule();
    layers = site.layers();
    sloMs = site.sloMs();
    lastSeenSample = sample;
    timing.rate("callsPerSec", sample, site.calls(), seconds);
    timing.rate("errorsPerSec", sample, site.errors(), seconds);
    timing.rate("sloViolationsPerSec", sample, site.sloViolations(), seconds);
    timing.value("p50Ms", sample, site.p50Ms());
    timing.value("p99Ms", sample, site.p99Ms());
    timing.value("p999Ms", sample, site.p999Ms());
    BatchStatus b = site.batch();
    if (b != null) {
      batch.value("cap", sample, b.cap());
      batch.ratioOfIncreases("meanSize", sample, b.items(), b.batches());
      batch.rate("itemsPerSec", sample, b.items(), seconds);
    }
    for (LayerStatus layer : site.protections()) {
      protections.computeIfAbsent(layer.layer(), name -> new LayerHistory(name, capacity, budget))
          .record(layer, sample, seconds);
    }
  }

  void clear(long sample) {
    timing.clear(sample);
    batch.clear(sample);
    for (LayerHistory layer : protections.values()) {
      layer.clear(sample);
    }
  }

  /**
   * Drops what no kept sample up to {@code sample} set.
   *
   * @return {@code true} when the site itself was in none of them: the whole site can go
   */
  boolean prune(long sample) {
    if (sample - lastSeenSample >= capacity) {
      return true;
    }
    timing.prune(sample);
    batch.prune(sample);
    for (Iterator<LayerHistory> it = protections.values().iterator(); it.hasNext(); ) {
      if (it.next().prune(sample)) {
        it.remove();
      }
    }
    return false;
  }

  void writeJson(JsonWriter out, long[] samples) {
    out.beginObject()
        .name("id").value(id)
        .name("rule").value(rule)
        .name("method").value(method)
        .name("layers").stringArray(layers)
        .name("sloMs").value(sloMs)
        .name("series");
    timing.writeJson(out, samples);
    if (!batch.isEmpty()) {
      batch.writeJson(out.name("batch"), samples);
    }
    if (!protections.isEmpty()) {
      out.name("protections").beginArray();
      for (LayerHistory layer : protections.values()) {
        layer.writeJson(out, samples);
      }
      out.endArray();
    }
    out.endObject();
  }
}
