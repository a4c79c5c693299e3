package dev.perfagent.instrumentation;

import java.time.Duration;

/**
 * How the weaver retransforms classes that are already loaded (on attach and detach): in batches of
 * {@code batchSize} with {@code pause} between them, so a large service is not stalled all at once.
 *
 * @param batchSize classes per retransformation call, at least 1
 * @param pause pause between batches
 */
public record WeaveSettings(int batchSize, Duration pause) {
    /** Validates. */
    public WeaveSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative: " + pause);
        }
    }
}
