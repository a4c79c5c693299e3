package dev.perfagent.agent.layer.batch;

import java.util.concurrent.atomic.LongAdder;

/** A policy that never adapts: the cap from the settings, a fixed wait (0: none), shedding on or off. */
final class FixedPolicy implements BatchPolicy {
    private final int cap;
    private final long waitNanos;
    private final boolean shed;
    final LongAdder arrivals = new LongAdder();
    final LongAdder batchesDone = new LongAdder();
    final LongAdder callsDone = new LongAdder();

    FixedPolicy(BatchSettings settings) {
        this(settings.maxSize(), 0, false);
    }

    FixedPolicy(int cap, long waitNanos, boolean shed) {
        this.cap = cap;
        this.waitNanos = waitNanos;
        this.shed = shed;
    }

    @Override
    public int cap() {
        return cap;
    }

    @Override
    public long waitNanos(int queued, long oldestArrival, long now) {
        return waitNanos;
    }

    @Override
    public boolean shed(int queuedAhead, int busyWorkers, long now) {
        return shed;
    }

    @Override
    public void arrived(long now) {
        arrivals.increment();
    }

    @Override
    public void batchDone(int size, long serviceNanos, long now) {
        batchesDone.increment();
    }

    @Override
    public void callDone(long latencyNanos, long now) {
        callsDone.increment();
    }
}
