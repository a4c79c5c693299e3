package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AggregatorTest {
    private final Aggregator aggregator = new Aggregator();

    @Test
    void sumsTheValues() {
        List<Integer> values = IntStream.range(0, AllocChurnScenario.VALUES).map(i -> i % 1000).boxed()
                .collect(Collectors.toList());
        assertEquals(values.stream().mapToLong(Integer::longValue).sum(), aggregator.sum(values));
        assertEquals(-4, aggregator.sum(List.of(3, -7)));
    }

    @Test
    void emptyListSumsToZero() {
        assertEquals(0, aggregator.sum(List.of()));
    }
}
