package dev.perfagent.agent.layer.cache;

/**
 * Tells, once a second, whether a cache is in an eviction storm: it evicted for its size bound at least half
 * as many entries as it may hold (and at least {@link #MIN_EVICTIONS}), so it turns over its whole capacity
 * every two seconds or faster and entries rarely live to be hit. Fed the cache's cumulative counters; used by
 * one thread (the agent's control loop).
 */
final class EvictionStormWatch {
    static final double STORM_SHARE = 0.5;
    /** Small caches evict a few entries a second in normal work; that is no storm. */
    static final long MIN_EVICTIONS = 100;

    private long evicted;
    private long hits;
    private long misses;
    private long storms;

    /** The second that ended, as the counters' growth since the previous call describes it. */
    record Second(long evictions, long hits, long calls, boolean storm) {
        /** Hits over calls, 0 without calls. */
        double hitRatio() {
            return calls == 0 ? 0 : (double) hits / calls;
        }
    }

    /**
     * Closes one second.
     *
     * @param evictedNow entries evicted for size so far
     * @param hitsNow hits so far
     * @param missesNow misses so far
     * @param capacity the most entries the cache may hold (its max-size, or its size now under a weight bound)
     */
    Second next(long evictedNow, long hitsNow, long missesNow, long capacity) {
        long evictions = Math.max(0, evictedNow - evicted);
        long secondHits = Math.max(0, hitsNow - hits);
        long calls = secondHits + Math.max(0, missesNow - misses);
        evicted = evictedNow;
        hits = hitsNow;
        misses = missesNow;
        boolean storm = evictions >= MIN_EVICTIONS && evictions >= STORM_SHARE * Math.max(1, capacity);
        if (storm) {
            storms++;
        }
        return new Second(evictions, secondHits, calls, storm);
    }

    /** Storm seconds so far. */
    long storms() {
        return storms;
    }
}
