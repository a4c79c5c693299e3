package dev.perfagent.sample.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code X -> List<X>} shape: one label per number, or all of a list at once. */
public class Labeler {
    private final AtomicInteger largestBatch = new AtomicInteger();

    /** One item. */
    public String label(Integer value) {
        return "n" + value;
    }

    /** Many items at once. */
    public List<String> labelAll(List<Integer> values) {
        largestBatch.accumulateAndGet(values.size(), Math::max);
        List<String> out = new ArrayList<>(values.size());
        for (Integer v : values) {
            out.add("n" + v);
        }
        return out;
    }

    int largestBatch() {
        return largestBatch.get();
    }
}
