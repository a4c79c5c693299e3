package dev.perfagent.agent.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code export.otlp} section: pushing the metrics to an OpenTelemetry collector over OTLP/HTTP.
 *
 * @param enabled     whether to push; true when the section is given
 * @param endpoint    the OTLP/HTTP metrics URL ({@code http} or {@code https})
 * @param interval    how often to push
 * @param headers     HTTP headers sent with every push (e.g. {@code authorization})
 * @param resource    resource attributes given in the file; {@code service.name} and the others the agent
 *                    sets are added at start unless given here
 * @param temporality whether sums are totals since the start or changes since the last push
 */
public record OtlpExportConfig(boolean enabled, URI endpoint, Duration interval, Map<String, String> headers,
                               Map<String, String> resource, Temporality temporality) {

    /** The default endpoint: a collector on this machine, OTLP/HTTP's standard port. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318/v1/metrics");
    /** The default push interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    /** OTLP's aggregation temporality. */
    public enum Temporality {
        /** Totals since the meter was created (what Prometheus-style backends expect). */
        CUMULATIVE,
        /** The change over the last interval. */
        DELTA
    }

    /** Checks the arguments and copies the maps. */
    public OtlpExportConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        headers = Map.copyOf(headers);
        resource = Map.copyOf(resource);
        Objects.requireNonNull(temporality, "temporality");
    }

    /** Off (no {@code export.otlp} section), with the defaults it would push with. */
    public static OtlpExportConfig disabled() {
        return new OtlpExportConfig(false, DEFAULT_ENDPOINT, DEFAULT_INTERVAL, Map.of(), Map.of(),
                Temporality.CUMULATIVE);
    }
}
