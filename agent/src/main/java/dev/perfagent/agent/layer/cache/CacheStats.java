package dev.perfagent.agent.layer.cache;

import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.perfagent.export.LayerFigure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one cache layer, updated on application threads without locks, and read as {@link
 * LayerFigure}s. Every call the layer sees counts once: as a hit (answered by the cache: from an entry, or
 * with the value another caller's load produced) or as a miss (it ran the method). Background refreshes
 * count as neither. Hits are counted by the layer itself, in a {@link dev.perfagent.agent.layer.StripedCounter}, the one counter on
 * the hit path.
 */
final class CacheStats {
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder evictedForSize = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder collected = new LongAdder();

    void miss() {
        misses.increment();
    }

    /** A miss's body returned a value that was stored. */
    void loaded() {
        loads.increment();
    }

    /** A refresh's body returned a value that replaced the entry. */
    void refreshed() {
        refreshes.increment();
    }

    /** The body threw, on a miss or a refresh. */
    void loadFailed() {
        loadFailures.increment();
    }

    /** Time one body run took for the cache (miss or refresh, whatever came of it). */
    void loadTime(long nanos) {
        loadNanos.add(Math.max(0, nanos));
    }

    void invalidated() {
        invalidations.increment();
    }

    /** Caffeine evicted an entry. */
    void evicted(RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            evictedForSize.increment();
        } else if (cause == RemovalCause.EXPIRED) {
            expired.increment();
        } else if (cause == RemovalCause.COLLECTED) {
            collected.increment();
        }
    }

    /** An entry was dropped because the receiver in its key was garbage collected. */
    void receiverCollected() {
        collected.increment();
    }

    long misses() {
        return misses.sum();
    }

    long evictedForSize() {
        return evictedForSize.sum();
    }

    /** @param hitCount the hits, counted by the layer on its hit path */
    List<LayerFigure> figures(long hitCount, long size, OptionalLong weightBytes) {
        long missCount = misses.sum();
        long calls = hitCount + missCount;
        List<LayerFigure> figures = new ArrayList<>(14);
        figures.add(LayerFigure.counter("hits", "Calls answered by the cache, without running the method.",
                hitCount));
        figures.add(LayerFigure.counter("misses", "Calls that ran the method because the cache had no value.",
                missCount));
        figures.add(LayerFigure.counter("loads", "Values the method returned on a miss that were stored.",
                loads.sum()));
        figures.add(LayerFigure.counter("load_failures", "Misses and refreshes on which the method threw.",
                loadFailures.sum()));
        figures.add(LayerFigure.counter("load_seconds", "Time the method ran for misses and refreshes.",
                loadNanos.sum() / 1e9));
        figures.add(LayerFigure.counter("refreshes", "Entries replaced by a refresh-ahead reload.",
                refreshes.sum()));
        figures.add(LayerFigure.counter("invalidations", "Times the cache was cleared by invalidate-on.",
                invalidations.sum()));
        String evictionHelp = "Entries removed by the policy: cause=size (bound reached), expired (ttl or idle),"
                + " collected (the receiver in the key was garbage collected).";
        figures.add(new LayerFigure("evictions", LayerFigure.Type.COUNTER, evictionHelp, Map.of("cause", "size"),
                evictedForSize.sum()));
        figures.add(new LayerFigure("evictions", LayerFigure.Type.COUNTER, evictionHelp,
                Map.of("cause", "expired"), expired.sum()));
        figures.add(new LayerFigure("evictions", LayerFigure.Type.COUNTER, evictionHelp,
                Map.of("cause", "collected"), collected.sum()));
        figures.add(LayerFigure.gauge("size", "Entries in the cache now (an estimate while it changes).", size));
        figures.add(LayerFigure.gauge("hit_ratio", "Hits over hits and misses since the layer started, 0..1.",
                calls == 0 ? 0 : (double) hitCount / calls));
        weightBytes.ifPresent(bytes -> figures.add(LayerFigure.gauge("weight_bytes",
                "Estimated bytes of the entries now, against max-weight.", bytes)));
        return figures;
    }
}
