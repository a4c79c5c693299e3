package dev.perfagent.agent.layer.cache;

import dev.perfagent.bootstrap.Outcome;

/**
 * What the cache holds for one key when it needs more than the value: the value the method returned (null
 * included) or the exception it threw, and when it was stored, for refresh-ahead. A layer without
 * refresh-ahead and without {@code cache-exceptions} stores values as they are ({@link #NULL} for null), so
 * that a hit need not read a wrapper. Immutable; the value itself is shared with every caller that hits it,
 * not copied.
 */
final class CacheEntry {
    /** A stored null, in a cache that stores values unwrapped (Caffeine holds no null values). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

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
