package dev.perfagent.agent.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code time} layer of a rule: record the latency of every call.
 *
 * @param sloP99 the 99th-percentile latency objective, if any; positive
 */
public record TimeConfig(Optional<Duration> sloP99) {

    /** Checks the arguments. */
    public TimeConfig {
        Objects.requireNonNull(sloP99, "sloP99");
        sloP99.ifPresent(slo -> {
            if (slo.isZero() || slo.isNegative()) {
                throw new IllegalArgumentException("sloP99 must be positive: " + slo);
            }
        });
    }

    /** Timing without an objective. */
    public static TimeConfig withoutSlo() {
        return new TimeConfig(Optional.empty());
    }
}
