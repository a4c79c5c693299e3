package dev.perfagent.bench;

/**
 * The method every variant of {@link TimingOverheadBenchmark} times, left alone by perf-agent: no rule of
 * {@code timing-overhead.yaml} matches it. Same body as {@link TimedTarget#work(long)}.
 */
public final class BareTarget {

    /** A few arithmetic operations on the argument: small, but not foldable away while the result is used. */
    public long work(long x) {
        long h = x * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return h + (x << 3);
    }
}
