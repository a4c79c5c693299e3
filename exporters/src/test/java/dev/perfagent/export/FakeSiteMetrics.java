package dev.perfagent.export;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** A {@link SiteMetrics} with fixed figures and a latency window the test fills. */
public final class FakeSiteMetrics implements SiteMetrics {

  private final int id;
  private final String rule;
  private final String method;
  private final Histogram latency = new Histogram(3);
  public volatile long calls;
  public volatile long errors;
  public volatile long sloViolations;
  public volatile long totalNanos;
  public volatile OptionalLong sloNanos = OptionalLong.empty();
  public volatile java.util.List<LayerMetrics> layers = java.util.List.of();

  public FakeSiteMetrics(int id, String rule, String method) {
    this.id = id;
    this.rule = rule;
    this.method = method;
  }

  /** Records one completed call of {@code millis} milliseconds. */
  public synchronized FakeSiteMetrics call(long millis) {
    long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    latency.recordValue(nanos);
    calls++;
    totalNanos += nanos;
    return this;
  }

  public FakeSiteMetrics slo(long millis) {
    sloNanos = OptionalLong.of(TimeUnit.MILLISECONDS.toNanos(millis));
    return this;
  }

  @Override public int id() { return id; }
  @Override public String rule() { return rule; }
  @Override public String method() { return method; }
  @Override public long calls() { return calls; }
  @Override public long errors() { return errors; }
  @Override public long sloViolations() { return sloViolations; }
  @Override public long totalNanos() { return totalNanos; }
  @Override public OptionalLong sloNanos() { return sloNanos; }
  @Override public synchronized Histogram recentLatency() { return latency.copy(); }
  @Override public java.util.List<LayerMetrics> layerMetrics() { return layers; }
}
