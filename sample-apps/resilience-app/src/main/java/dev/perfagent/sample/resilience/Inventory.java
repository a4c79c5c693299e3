package dev.perfagent.sample.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow resource (20 ms per call) that records the most calls it ever had inside at once: what a
 * concurrency limit bounds.
 */
public final class Inventory {
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();

    /** Reserves one unit of {@code sku}. */
    public boolean reserve(String sku) throws InterruptedException {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(20);
            return !sku.isEmpty();
        } finally {
            inside.decrementAndGet();
        }
    }

    /** The most calls inside at once since the last call of this method. */
    int takeMaxInside() {
        return maxInside.getAndSet(inside.get());
    }
}
