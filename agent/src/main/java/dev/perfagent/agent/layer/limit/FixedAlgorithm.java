package dev.perfagent.agent.layer.limit;

/**
 * Netflix concurrency-limits 0.5.4's {@code FixedLimit}: a bulkhead whose limit never moves. Not
 * {@link #adaptive()}, so the limiter never takes its update lock for it.
 */
final class FixedAlgorithm implements LimitAlgorithm {
    private final int limit;

    FixedAlgorithm(int limit) {
        this.limit = limit;
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.FIXED;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int update(long rttNanos, int inFlight, boolean dropped) {
        return limit;
    }

    @Override
    public boolean adaptive() {
        return false;
    }
}
