package dev.perfagent.sample.resilience;

import java.util.concurrent.atomic.LongAdder;

/** A cheap call made on every request: what a rate limit throttles. Counts how often its body runs. */
public final class Audit {
    final LongAdder bodies = new LongAdder();

    /** Records that {@code sku} was looked at. */
    public void record(String sku) {
        bodies.increment();
    }
}
