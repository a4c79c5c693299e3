package dev.perfagent.export.prometheus;

import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The agent's Prometheus endpoint: per-site metrics, per-site batch-layer metrics and whatever
 * self-metrics the agent registers through {@link #registry()}, rendered in the Prometheus text
 * format 0.0.4.
 *
 * <p>Owns a private {@link PrometheusRegistry} and a {@link PrometheusMeterRegistry} on top of it;
 * nothing is registered in Micrometer's or Prometheus' global registries, so several instances
 * (one per attach) never see each other. Per site it exports, with labels {@code rule} and
 * {@code method}:
 *
 * <ul>
 *   <li>{@code perfagent_method_latency_seconds} (summary): quantiles 0.5, 0.9, 0.99 and 0.999 of
 *       {@link SiteMetrics#recentLatency()}, {@code _count} from {@link SiteMetrics#calls()} and
 *       {@code _sum} from {@link SiteMetrics#totalNanos()};
 *   <li>{@code perfagent_method_calls_total}, {@code perfagent_method_errors_total},
 *       {@code perfagent_method_slo_violations_total} (counters);
 *   <li>{@code perfagent_method_slo_seconds} (gauge), for sites with an SLO.
 * </ul>
 *
 * <p>Per batched site ({@link #addBatch}), with the same labels:
 *
 * <ul>
 *   <li>{@code perfagent_batch_size} (histogram, buckets 1, 2, 4, ... up to the first power of two
 *       at or above {@link BatchMetrics#maxSize()}), {@code perfagent_batch_queue_wait_seconds} and
 *       {@code perfagent_batch_service_seconds} (histograms, buckets 10 µs × 4<sup>k</sup> up to
 *       10.49 s), all since the site was woven;
 *   <li>{@code perfagent_batch_items_total}, {@code perfagent_batches_total}, {@code
 *       perfagent_batch_rejected_total} (label {@code reason}: {@code full} or {@code shed}),
 *       {@code perfagent_batch_timeouts_total}, {@code perfagent_batch_isolated_failures_total},
 *       {@code perfagent_batch_run_alone_total} (counters);
 *   <li>{@code perfagent_batch_cap}, {@code perfagent_batch_max_size}, {@code
 *       perfagent_batch_delay_seconds}, {@code perfagent_batch_cost_fixed_seconds}, {@code
 *       perfagent_batch_cost_per_item_seconds} (gauges; a cost is left out while it is {@code NaN})
 *       and {@code perfagent_batch_enabled} (1 while batching, 0 while off).
 * </ul>
 *
 * <p>Per protection layer of a site ({@link SiteMetrics#layerMetrics()}: cache, circuit breaker,
 * concurrency limit, rate limit), each of its {@link dev.perfagent.export.LayerFigure}s as {@code
 * perfagent_<layer>_<name>} (counters with {@code _total}), with the site's labels and the figure's
 * own.
 *
 * <p>The figures are read from the sites at scrape time, so a scrape costs one histogram copy per
 * site (three per batched site) and nothing is recorded on the host's threads. Thread-safe: sites
 * and batch layers may be added and removed while another thread scrapes. A site or batch layer
 * whose methods throw is left out of that scrape. Starts no threads.
 */
public final class PrometheusExport implements AutoCloseable {

  /** The content type of {@link #scrape()}: the Prometheus text format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry prometheusRegistry = new PrometheusRegistry();
  private final PrometheusMeterRegistry meterRegistry;
  private final SiteCollector sites = new SiteCollector();
  private final BatchCollector batches = new BatchCollector();
  private final LayerCollector layers = new LayerCollector();

  /** Creates an export with no sites and an empty meter registry. */
  public PrometheusExport() {
    meterRegistry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry, Clock.SYSTEM);
    // A meter named like a per-site family would make every scrape fail on a duplicate name.
    Set<String> reserved = new HashSet<>(sites.getPrometheusNames());
    reserved.addAll(batches.getPrometheusNames());
    meterRegistry.config().meterFilter(MeterFilter.deny(id -> {
      String name = PrometheusNaming.sanitizeMetricName(
          id.getConventionName(meterRegistry.config().namingConvention()));
      return reserved.contains(name) || LayerCollector.PREFIXES.stream().anyMatch(name::startsWith);
    }));
    prometheusRegistry.register(sites);
    prometheusRegistry.register(batches);
    prometheusRegistry.register(layers);
  }

  /**
   * The Micrometer registry whose meters appear in {@link #scrape()}, for the agent's own
   * self-metrics. Name meters in dotted lower case without unit or {@code _total} suffixes
   * ({@code perfagent.self.faults}); Micrometer appends {@code _total} to counters and the base
   * unit to timers. Give every meter a description: it becomes the {@code # HELP} text, and
   * {@code promtool check metrics} rejects families without one. The names of the per-site
   * and batch families are reserved: a meter that would take one ({@code perfagent.method.calls},
   * {@code perfagent.batch.size}) is denied and comes back as a no-op meter.
   *
   * @return the registry; closed by {@link #close()}
   */
  public MeterRegistry registry() {
    return meterRegistry;
  }

  /**
   * Exports a site from the next scrape on, replacing any site with the same {@link
   * SiteMetrics#id() id}.
   *
   * @param site the site; its methods are called on every scrape
   */
  public void addSite(SiteMetrics site) {
    sites.add(Objects.requireNonNull(site, "site"));
    layers.add(site);
  }

  /**
   * Stops exporting the site with this id; its series disappear from the next scrape. Does
   * nothing if no such site is exported.
   *
   * @param id the site id
   */
  public void removeSite(int id) {
    sites.remove(id);
    layers.remove(id);
  }

  /**
   * Exports the batch layer of a site from the next scrape on, replacing any batch layer with the
   * same {@link BatchMetrics#id() id}. Independent of {@link #addSite}: the agent adds both for a
   * batched site.
   *
   * @param batch the batch layer; its methods are called on every scrape
   */
  public void addBatch(BatchMetrics batch) {
    batches.add(Objects.requireNonNull(batch, "batch"));
  }

  /**
   * Stops exporting the batch layer with this id; its series disappear from the next scrape. Does
   * nothing if no such batch layer is exported.
   *
   * @param id the site id
   */
  public void removeBatch(int id) {
    batches.remove(id);
  }

  /**
   * Renders every metric family in the Prometheus text format 0.0.4 ({@link #contentType()}).
   *
   * @return the exposition text
   */
  public String scrape() {
    return meterRegistry.scrape();
  }

  /**
   * The HTTP content type of {@link #scrape()}.
   *
   * @return {@value #CONTENT_TYPE}
   */
  public String contentType() {
    return CONTENT_TYPE;
  }

  /** Drops every site and batch layer and closes the meter registry. Idempotent. */
  @Override
  public void close() {
    sites.clear();
    batches.clear();
    layers.clear();
    meterRegistry.close();
  }
}
