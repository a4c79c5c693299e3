package dev.perfagent.bench;

/**
 * Same body as {@link BareTarget#work(long)}, but matched by the rule in {@code timing-overhead.yaml},
 * so perf-agent weaves its timing advice into {@link #work(long)}.
 */
public final class TimedTarget {

    /** Identical to {@link BareTarget#work(long)}. */
    public long work(long x) {
        long h = x * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return h + (x << 3);
    }
}
