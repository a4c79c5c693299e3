package dev.perfagent.export.otlp;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link OtlpExport} pushes.
 *
 * @param endpoint the OTLP/HTTP metrics URL, {@code http} or {@code https}, e.g. {@code
 *     http://localhost:4318/v1/metrics}
 * @param interval how often to push; also the step of delta temporality
 * @param headers HTTP headers sent with every push (e.g. {@code authorization})
 * @param resource the resource attributes of every push ({@code service.name} and so on)
 * @param temporality whether sums carry totals since the start or the change since the last push
 */
public record OtlpSettings(URI endpoint, Duration interval, Map<String, String> headers,
    Map<String, String> resource, Temporality temporality) {

  /** How sums and histograms count: OTLP's aggregation temporality. */
  public enum Temporality {
    /** Totals since the meter was created. */
    CUMULATIVE,
    /** The change over the last interval. */
    DELTA;

    /** {@return the config keyword: {@code cumulative} or {@code delta}} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the arguments and copies the maps. */
  public OtlpSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("endpoint must be an http or https URL: " + endpoint);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    headers = Map.copyOf(headers);
    resource = Map.copyOf(resource);
    Objects.requireNonNull(temporality, "temporality");
  }
}
