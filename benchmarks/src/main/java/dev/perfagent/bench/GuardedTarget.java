package dev.perfagent.bench;

/**
 * Same body as {@link BareTarget#work(long)} in four methods, each matched by its own rule in
 * {@code protected-call.yaml}: timing only, a circuit breaker, a rate limit and a concurrency limit.
 */
public final class GuardedTarget {

    /** Timing only: the floor every woven call pays. */
    public long timed(long x) {
        return body(x);
    }

    /** Woven with a circuit breaker (Resilience4j's defaults). */
    public long breaker(long x) {
        return body(x);
    }

    /** Woven with a rate limit far above what one machine can call. */
    public long rateLimited(long x) {
        return body(x);
    }

    /** Woven with a fixed concurrency limit far above the benchmark's threads. */
    public long concurrencyLimited(long x) {
        return body(x);
    }

    private static long body(long x) {
        long h = x * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return h + (x << 3);
    }
}
