package dev.perfagent.sample.bottlenecks;

/**
 * {@code repeated-calls}: each request prices one of {@value #SKUS} skus, drawn Zipf-like (the first sku
 * about a quarter of the time), with {@link PriceCatalog#price(String)}.
 */
final class RepeatedCallsScenario implements Scenario {
    static final int SKUS = 20;

    private final PriceCatalog catalog = new PriceCatalog();
    private final ZipfSampler popularity = new ZipfSampler(SKUS);
    private final String[] skus = new String[SKUS];
    // Written with every result so the JIT must compute it; racy on purpose.
    private long lastPrice;

    RepeatedCallsScenario() {
        for (int i = 0; i < SKUS; i++) {
            skus[i] = "sku-" + i;
        }
    }

    @Override
    public void request() {
        lastPrice = catalog.price(skus[popularity.next()]);
    }
}
