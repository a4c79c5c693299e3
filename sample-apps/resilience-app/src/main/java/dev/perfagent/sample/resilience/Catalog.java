package dev.perfagent.sample.resilience;

import java.util.concurrent.atomic.LongAdder;

/** A pure, CPU-costly function of its argument: what a cache absorbs. Counts how often its body runs. */
public final class Catalog {
    final LongAdder bodies = new LongAdder();

    /** A description of {@code sku}, the same every time. */
    public String describe(String sku) {
        bodies.increment();
        long h = sku.hashCode();
        for (int i = 0; i < 20_000; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return sku + ":" + Long.toHexString(h);
    }
}
