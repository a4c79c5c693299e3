package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    @Test
    void priceIsPure() {
        assertEquals(new PriceCatalog().price("sku-3"), new PriceCatalog().price("sku-3"));
    }

    @Test
    void pricesAreInRangeAndDifferBySku() {
        PriceCatalog catalog = new PriceCatalog();
        Set<Long> prices = new HashSet<>();
        for (int i = 0; i < RepeatedCallsScenario.SKUS; i++) {
            long price = catalog.price("sku-" + i);
            assertTrue(price >= 100 && price <= 99_999, "price " + price);
            prices.add(price);
        }
        assertTrue(prices.size() > RepeatedCallsScenario.SKUS / 2, "distinct prices: " + prices);
    }
}
