package dev.perfagent.sample.bottlenecks;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code alloc-churn} bottleneck: {@link #sum(List)} keeps boxed running totals in a list that grows
 * from empty, so every call allocates one {@code Integer} per element (totals are far above the
 * {@code Integer} cache's 127) and a chain of ever larger backing arrays as the {@code ArrayList} grows.
 */
public final class Aggregator {

    /** The sum of {@code values} (read off the last running total); 0 for an empty list. */
    public long sum(List<Integer> values) {
        // Boxed and unsized on purpose: this is the churn the scenario is about.
        List<Integer> runningTotals = new ArrayList<>();
        Integer total = 0;
        for (Integer value : values) {
            total = total + value;
            runningTotals.add(total);
        }
        return runningTotals.isEmpty() ? 0 : runningTotals.get(runningTotals.size() - 1);
    }
}
