package dev.perfagent.agent.layer.cache;

import dev.perfagent.bootstrap.Outcome;

/**
 * What the cache holds for one key: the value the method returned (null included, when nulls are cached) or
 * the exception it threw (when exceptions are cached), and when it was stored, for refresh-ahead. Immutable;
 * the value itself is shared with every caller that hits it, not copied.
 */
final class CacheEntry {
    private final Object value;
    private final Throwable thrown;
    private final long storedNanos;

    private CacheEntry(Object value, Throwable thrown, long storedNanos) {
        this.value = value;
        this.thrown = thrown;
        this.storedNanos = storedNanos;
    }

    static CacheEntry returned(Object value, long storedNanos) {
        return new CacheEntry(value, null, storedNanos);
    }

    static CacheEntry threw(Throwable thrown, long storedNanos) {
        return new CacheEntry(null, thrown, storedNanos);
    }

    /** The call's outcome on a hit: the value, or the same exception instance again. */
    Outcome outcome() {
        return thrown == null ? Outcome.returning(value) : Outcome.throwing(thrown);
    }

    Object value() {
        return value;
    }

    /** The exception stored, or null for a value. */
    Throwable thrown() {
        return thrown;
    }

    /** When it was stored, on the layer's ticker. */
    long storedNanos() {
        return storedNanos;
    }

    /** Estimated bytes retained: this object and its value or exception. */
    long estimateBytes() {
        return 24 + RetainedSizeEstimator.estimate(thrown == null ? value : thrown);
    }
}
