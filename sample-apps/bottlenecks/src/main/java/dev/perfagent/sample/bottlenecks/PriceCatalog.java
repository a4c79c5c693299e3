package dev.perfagent.sample.bottlenecks;

/**
 * The {@code repeated-calls} bottleneck: {@link #price(String)} is pure (the same sku always gets the same
 * price, nothing else is read or written) and costly (a {@value #ROUNDS}-round mixing chain, about 2 ms of CPU on
 * a current x86 server core), and it is called again and again with a handful of skus: a cache in front of it
 * would absorb most calls.
 */
public final class PriceCatalog {
    static final int ROUNDS = 900_000;

    /** The price of {@code sku} in cents, between 100 and 99_999. */
    public long price(String sku) {
        // A serial chain of multiply-xorshift rounds: each depends on the last, so the JIT can neither
        // vectorise nor shorten it.
        long h = sku.hashCode();
        for (int i = 0; i < ROUNDS; i++) {
            h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + i;
        }
        return 100 + Math.floorMod(h, 99_900L);
    }
}
