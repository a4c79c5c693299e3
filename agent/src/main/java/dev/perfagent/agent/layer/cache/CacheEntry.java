package dev.perfagent.agent.layer.cache;

import dev.perfagent.bootstrap.Outcome;

/**
 * What the cache holds for one key when it needs more than the value: the value the method returned (null
 * included) or the exception it threw, and when it was stored, for refresh-ahead. A layer without refresh-ahead
 * and without {@code cache-exceptions} stores a {@link FrontEntry} (no {@code ttl}, no {@code idle}) or the
 * call's {@link Outcome} itself, so that a hit allocates nothing. Immutable; the value itself is shared with
 * every caller that hits it, not copied, and so is the outcome that answers them.
 */
final class CacheEntry {
    private final Outcome outcome;
    private final long storedNanos;

    private CacheEntry(Outcome outcome, long storedNanos) {
        this.outcome = outcome;
        this.storedNanos = storedNanos;
    }

    static CacheEntry returned(Object value, long storedNanos) {
        return new CacheEntry(Outcome.returning(value), storedNanos);
    }

    static CacheEntry threw(Throwable thrown, long storedNanos) {
        return new CacheEntry(Outcome.throwing(thrown), storedNanos);
    }

    /** The call's outcome on a hit: the value, or the same exception instance again. */
    Outcome outcome() {
        return outcome;
    }

    /** When it was stored, on the layer's ticker. */
    long storedNanos() {
        return storedNanos;
    }

    /** Estimated bytes retained: this object, its outcome, and its value or exception. */
    long estimateBytes() {
        return 24 + estimateBytes(outcome);
    }

    /** Estimated bytes an outcome retains: itself and its value or exception. */
    static long estimateBytes(Outcome outcome) {
        return 24 + RetainedSizeEstimator.estimate(outcome.thrown() == null ? outcome.value() : outcome.thrown());
    }
}
