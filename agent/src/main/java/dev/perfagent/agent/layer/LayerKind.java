package dev.perfagent.agent.layer;

/**
 * The kinds of layer, in the order they stack on a site, outermost first: a call meets the rate limit,
 * then the concurrency limit, the circuit breaker, the cache (or the key observation), the batch layer, the
 * cache invalidation and at last the method. The model capture stands alone on its site. {@link #METHOD} stands
 * for the method's own body when it answers a call.
 */
public enum LayerKind {
    RATE_LIMIT("rate-limit"),
    CONCURRENCY_LIMIT("concurrency-limit"),
    CIRCUIT_BREAKER("circuit-breaker"),
    CACHE("cache"),
    /**
     * Watches the argument keys (a rule's {@code observe-keys}) to predict a cache's hit ratio; where a cache
     * would stand, so it sees the calls a cache would see.
     */
    KEY_OBSERVATION("observe-keys"),
    BATCH("batch"),
    /**
     * Clears caches when a method that changes their data returns normally (a rule's {@code invalidate-on});
     * innermost, so it sees only calls that reached the method body.
     */
    INVALIDATION("invalidate-on"),
    /**
     * Remembers what each ONNX Runtime session is created from, so that {@code batch.executors.replicas} can open
     * more sessions over the same model; woven into {@code OrtEnvironment#createSession}, never configured.
     */
    MODEL_CAPTURE("capture-model"),
    /** Not a layer: the method body (or, for a batched call, the batch form) answered. */
    METHOD("method");

    private final String key;

    LayerKind(String key) {
        this.key = key;
    }

    /** The layer's key in the config and in /status. */
    public String key() {
        return key;
    }

    /** The name in metric names: the key with {@code _} for {@code -}. */
    public String metricName() {
        return key.replace('-', '_');
    }

    /**
     * Whether the dependency behind the method was really called when a call was answered by this kind:
     * true for the method and for a batch (the batch form ran); false for a cache hit or a refusal. A
     * breaker or a limiter records only calls that reached the dependency.
     */
    public boolean reachedMethod() {
        return this == METHOD || this == BATCH;
    }
}
