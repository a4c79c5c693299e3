package dev.perfagent.agent.layer.cache;

/**
 * A call of a cached method that runs the method body for the cache (a miss, or a refresh of a stale entry),
 * kept in the call's layer slot from the layer's enter to its exit, where what the body produced is stored
 * under {@link #key()}.
 */
final class PendingLoad {
    private final CacheLayer layer;
    private final Object key;
    private final long generation;
    private final Flight flight;
    private final boolean refresh;
    private long startNanos;

    /**
     * @param layer      the layer the load is for (a background refresh is let through only by that layer)
     * @param key        the stored key
     * @param generation the layer's generation when the load began: an invalidation since then discards it
     * @param flight     the flight this call owns (waiters, or the refresh claim), or null when it runs alone
     * @param refresh    whether it replaces an entry still present (a failure then keeps the old value)
     */
    PendingLoad(CacheLayer layer, Object key, long generation, Flight flight, boolean refresh) {
        this.layer = layer;
        this.key = key;
        this.generation = generation;
        this.flight = flight;
        this.refresh = refresh;
    }

    CacheLayer layer() {
        return layer;
    }

    Object key() {
        return key;
    }

    long generation() {
        return generation;
    }

    /** The flight this call owns, or null. */
    Flight flight() {
        return flight;
    }

    boolean refresh() {
        return refresh;
    }

    /** Notes when the body started (on the layer's ticker); set on the thread that runs it. */
    void started(long nanos) {
        startNanos = nanos;
    }

    long startNanos() {
        return startNanos;
    }
}
