package dev.perfagent.agent.layer.limit;

import java.util.ArrayList;
import java.util.List;

/** An algorithm that records its samples and moves to whatever limit the test sets next. */
final class RecordingAlgorithm implements LimitAlgorithm {
    record Sample(long rttNanos, int inFlight, boolean dropped) {
    }

    final List<Sample> samples = new ArrayList<>();
    private volatile int limit;

    RecordingAlgorithm(int limit) {
        this.limit = limit;
    }

    /** The limit the next sample moves to. */
    void next(int newLimit) {
        limit = newLimit;
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.GRADIENT2;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int update(long rttNanos, int inFlight, boolean dropped) {
        samples.add(new Sample(rttNanos, inFlight, dropped));
        return limit;
    }
}
