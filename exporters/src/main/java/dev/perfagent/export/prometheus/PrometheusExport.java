package dev.perfagent.export.prometheus;

import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.Objects;

/**
 * The agent's Prometheus endpoint: per-site metrics plus whatever self-metrics the agent registers
 * through {@link #registry()}, rendered in the Prometheus text format 0.0.4.
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
 * <p>The figures are read from the sites at scrape time, so a scrape costs one histogram copy per
 * site and nothing is recorded on the host's threads. Thread-safe: sites may be added and removed
 * while another thread scrapes. Starts no threads.
 */
public final class PrometheusExport implements AutoCloseable {

  /** The content type of {@link #scrape()}: the Prometheus text format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry prometheusRegistry = new PrometheusRegistry();
  private final PrometheusMeterRegistry meterRegistry;
  private final SiteCollector sites = new SiteCollector();

  /** Creates an export with no sites and an empty meter registry. */
  public PrometheusExport() {
    meterRegistry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry, Clock.SYSTEM);
    // A meter named like a per-site family would make every scrape fail on a duplicate name.
    meterRegistry.config().meterFilter(MeterFilter.deny(id -> sites.getPrometheusNames().contains(
        PrometheusNaming.sanitizeMetricName(
            id.getConventionName(meterRegistry.config().namingConvention())))));
    prometheusRegistry.register(sites);
  }

  /**
   * The Micrometer registry whose meters appear in {@link #scrape()}, for the agent's own
   * self-metrics. Name meters in dotted lower case without unit or {@code _total} suffixes
   * ({@code perfagent.self.faults}); Micrometer appends {@code _total} to counters and the base
   * unit to timers. Give every meter a description: it becomes the {@code # HELP} text, and
   * {@code promtool check metrics} rejects families without one. The names of the per-site
   * families are reserved: a meter that would take one ({@code perfagent.method.calls}) is denied
   * and comes back as a no-op meter.
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
  }

  /**
   * Stops exporting the site with this id; its series disappear from the next scrape. Does
   * nothing if no such site is exported.
   *
   * @param id the site id
   */
  public void removeSite(int id) {
    sites.remove(id);
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

  /** Drops every site and closes the meter registry. Idempotent. */
  @Override
  public void close() {
    sites.clear();
    meterRegistry.close();
  }
}
