package dev.perfagent.export;

import java.util.OptionalLong;

/**
 * Live figures of one woven method ("site"), as the agent exposes them to the exporters.
 *
 * <p>The agent implements this once per site. Every method may be called from any thread at any
 * time (an HTTP scrape runs concurrently with the host's calls), so implementations must be
 * thread-safe and cheap; the counters are monotonic and may be read without any lock, so a reader
 * can see {@code errors()} from a slightly later moment than {@code calls()}.
 */
public interface SiteMetrics {

  /** {@return the site id: the index of this site in the agent's site table} */
  int id();

  /** {@return the name of the configuration rule that matched this method} */
  String rule();

  /**
   * {@return the matched method in pattern notation, for example {@code com.example.Foo#bar(float[])}}
   */
  String method();

  /** {@return the number of completed calls since the site was woven; monotonic} */
  long calls();

  /** {@return the number of calls that ended with an exception; monotonic} */
  long errors();

  /** {@return the number of calls slower than the SLO; monotonic, zero when there is no SLO} */
  long sloViolations();

  /** {@return the sum of the latencies of all completed calls, in nanoseconds; monotonic} */
  long totalNanos();

  /** {@return the latency objective of this site in nanoseconds, if its rule sets one} */
  OptionalLong sloNanos();

  /**
   * Latency distribution (nanoseconds) of the recent window; a fresh copy the caller may keep.
   *
   * @return a histogram the caller owns and may modify; never {@code null}
   */
  org.HdrHistogram.Histogram recentLatency();

  /**
   * {@return the figures of the site's protection layers (cache, breaker, limits), outermost
   * first; empty when it has none. May change over the site's life (a config reload)}
   */
  default java.util.List<LayerMetrics> layerMetrics() {
    return java.util.List.of();
  }
}
