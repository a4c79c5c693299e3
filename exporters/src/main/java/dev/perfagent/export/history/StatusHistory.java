package dev.perfagent.export.history;

import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.SiteStatus;
import dev.perfagent.export.report.StatusReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The last minutes of every site's live figures, so the dashboard can chart from the moment it
 * opens: a ring of samples, each taken from a {@link StatusReport} by {@link #record}, served as
 * JSON by {@link HistoryEndpoint}.
 *
 * <p>Per site ({@link SiteStatus#method()} is its key) a sample holds: calls, errors and SLO
 * violations per second (counter increases since the previous sample over the time between the
 * two), the p50/p99/p999 latency of the site's recent window, for a batched site its cap, mean batch
 * size since the previous sample and items per second, and for each protection layer its gauges,
 * its counters' rates and its state words. A value that is not known (a first sample, no calls in
 * the window) is a gap, written as JSON {@code null}.
 *
 * <p>Memory is bounded: {@code span / interval} samples of at most {@code maxSeriesPerSite} series
 * (one float per sample) for at most {@code maxSites} sites; sites beyond that are not kept (counted
 * in {@code untrackedSites}), and a site, layer or series absent from every kept sample is dropped.
 * With the defaults (180 samples, 40 series, 400 sites) the worst case is about 12 MB; a site with
 * timing only takes 6 series, about 4 KB.
 *
 * <p>Thread-safe: {@link #record} (the agent's control loop) and {@link #writeJson} (HTTP workers)
 * hold this object's lock; writing 200 sites' full history takes a few milliseconds.
 */
public final class StatusHistory {

  /** The default sampling interval: how often the agent calls {@link #record}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** The default span: how far back the history reaches. */
  public static final Duration DEFAULT_SPAN = Duration.ofMinutes(15);
  /** The default largest number of sites kept. */
  public static final int DEFAULT_MAX_SITES = 400;
  /** The default largest number of series per site. */
  public static final int DEFAULT_MAX_SERIES_PER_SITE = 40;

  private final Duration interval;
  private final int capacity;
  private final int maxSites;
  private final int maxSeriesPerSite;
  private final long[] times;
  private final Map<String, SiteHistory> sites = new LinkedHashMap<>();
  private long samples;
  private int untrackedSites;

  /**
   * A history with the defaults: one sample every 5 s for 15 minutes, up to 400 sites of up to 40
   * series each.
   */
  public StatusHistory() {
    this(DEFAULT_INTERVAL, DEFAULT_SPAN, DEFAULT_MAX_SITES, DEFAULT_MAX_SERIES_PER_SITE);
  }

  /**
   * A history of {@code span / interval} samples.
   *
   * @param interval how often {@link #record} is called (for the page's time axis; the rates use the
   *     times actually recorded)
   * @param span how far back to keep samples
   * @param maxSites the most sites kept
   * @param maxSeriesPerSite the most series (numbers and state words) kept per site
   */
  public StatusHistory(Duration interval, Duration span, int maxSites, int maxSeriesPerSite) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(span, "span");
    if (interval.isNegative() || interval.isZero() || span.compareTo(interval) < 0) {
      throw new IllegalArgumentException("need 0 < interval <= span: " + interval + ", " + span);
    }
    if (maxSites < 1 || maxSeriesPerSite < 1) {
      throw new IllegalArgumentException("need at least one site and one series per site");
    }
    long capacity = span.toMillis() / interval.toMillis();
    if (capacity > 100_000) {
      throw new IllegalArgumentException("too many samples: " + capacity);
    }
    this.interval = interval;
    this.capacity = (int) capacity;
    this.maxSites = maxSites;
    this.maxSeriesPerSite = maxSeriesPerSite;
    this.times = new long[this.capacity];
  }

  /**
   * Takes one sample of every site of {@code report}.
   *
   * @param report the agent's status now
   * @param epochMillis when it was taken, in milliseconds since the epoch
   */
  public synchronized void record(StatusReport report, long epochMillis) {
    long sample = samples;
    double seconds = Double.NaN;
    if (sample > 0) {
      long elapsed = epochMillis - times[slot(sample - 1)];
      seconds = elapsed > 0 ? elapsed / 1e3 : Double.NaN; // a clock stepped back: no rate this time
    }
    times[slot(sample)] = epochMillis;
    for (SiteHistory site : sites.values()) {
      site.clear(sample);
    }
    int untracked = 0;
    for (SiteStatus status : report.sites()) {
      SiteHistory site = sites.get(status.method());
      if (site == null) {
        if (sites.size() >= maxSites) {
          untracked++;
          continue;
        }
        site = new SiteHistory(status.method(), capacity, maxSeriesPerSite);
        sites.put(status.method(), site);
      }
      site.record(status, sample, seconds);
    }
    untrackedSites = untracked;
    samples = sample + 1;
    sites.values().removeIf(site -> site.prune(sample));
  }

  /**
   * Writes the history as one JSON object: {@code intervalMs}, {@code capacity}, {@code now} (the
   * caller's clock, so a page can line its own clock up with the samples' times), {@code times}
   * (epoch milliseconds of the samples written, oldest first), {@code untrackedSites}, and {@code
   * sites}: per site {@code id}, {@code rule}, {@code method}, {@code layers}, {@code sloMs} and
   * {@code series} (an array per series, one element per time, {@code null} for a gap), {@code
   * batch} when batched and {@code protections} (per layer {@code layer}, {@code series} and {@code
   * states}) when it has any.
   *
   * @param out the writer, positioned where a value may go
   * @param sinceMillis only samples taken after this time, in epoch milliseconds ({@link
   *     Long#MIN_VALUE} for all)
   * @param nowMillis the time now, in epoch milliseconds
   */
  public synchronized void writeJson(JsonWriter out, long sinceMillis, long nowMillis) {
    long[] kept = keptSamples(sinceMillis);
    out.beginObject()
        .name("intervalMs").value(interval.toMillis())
        .name("capacity").value(capacity)
        .name("now").value(nowMillis)
        .name("times").beginArray();
    for (long sample : kept) {
      out.value(times[slot(sample)]);
    }
    out.endArray()
        .name("untrackedSites").value(untrackedSites)
        .name("sites").beginArray();
    for (SiteHistory site : sites.values()) {
      site.writeJson(out, kept);
    }
    out.endArray().endObject();
  }

  /** {@return the number of sites the history holds now} */
  public synchronized int siteCount() {
    return sites.size();
  }

  /** {@return the sampling interval} */
  public Duration interval() {
    return interval;
  }

  /** The kept samples taken after {@code sinceMillis}, oldest first. */
  private long[] keptSamples(long sinceMillis) {
    long first = Math.max(0, samples - capacity);
    int n = 0;
    long[] kept = new long[(int) (samples - first)];
    for (long sample = first; sample < samples; sample++) {
      if (times[slot(sample)] > sinceMillis) {
        kept[n++] = sample;
      }
    }
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }

  private int slot(long sample) {
    return (int) (sample % capacity);
  }
}
