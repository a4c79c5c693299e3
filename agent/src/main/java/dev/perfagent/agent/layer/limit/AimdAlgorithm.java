package dev.perfagent.agent.layer.limit;

/**
 * Netflix concurrency-limits 0.5.4's {@code AIMDLimit}, formula for formula: loss-based, as TCP Reno. Per sample,
 * on the integer limit:
 *
 * <pre>
 * if dropped or rtt &gt; timeout:   limit = floor(limit * backoff-ratio)
 * else if inFlight * 2 &gt;= limit: limit = limit + 1
 * limit = max(min-limit, min(max-limit, limit))
 * </pre>
 *
 * Not thread-safe (see {@link LimitAlgorithm}).
 */
final class AimdAlgorithm implements LimitAlgorithm {
    private final AimdSettings settings;
    private final long timeoutNanos;
    private volatile int limit;

    AimdAlgorithm(AimdSettings settings) {
        this.settings = settings;
        this.timeoutNanos = settings.timeout().toNanos();
        this.limit = settings.initialLimit();
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.AIMD;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int update(long rttNanos, int inFlight, boolean dropped) {
        int current = limit;
        if (dropped || rttNanos > timeoutNanos) {
            current = (int) (current * settings.backoffRatio());
        } else if (inFlight * 2 >= current) {
            current = current + 1;
        }
        limit = Math.min(settings.maxLimit(), Math.max(settings.minLimit(), current));
        return limit;
    }
}
