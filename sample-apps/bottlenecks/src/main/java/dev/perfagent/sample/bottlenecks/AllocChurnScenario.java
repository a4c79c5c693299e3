package dev.perfagent.sample.bottlenecks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code alloc-churn}: each request sums one list of {@value #VALUES} boxed values with
 * {@link Aggregator#sum(List)}. The input list is built once per thread, so the allocation is all inside
 * {@code sum}.
 */
final class AllocChurnScenario implements Scenario {
    static final int VALUES = 10_000;

    private final Aggregator aggregator = new Aggregator();
    private final ThreadLocal<List<Integer>> inputs = ThreadLocal.withInitial(AllocChurnScenario::input);
    // Written with every result so the JIT must compute it; racy on purpose.
    private long lastSum;

    @Override
    public void request() {
        lastSum = aggregator.sum(inputs.get());
    }

    private static List<Integer> input() {
        SplittableRandom random = new SplittableRandom(7);
        List<Integer> values = new ArrayList<>(VALUES);
        for (int i = 0; i < VALUES; i++) {
            values.add(random.nextInt(1000));
        }
        return values;
    }
}
