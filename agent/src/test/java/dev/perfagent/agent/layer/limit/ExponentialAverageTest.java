package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExponentialAverageTest {

    @Test
    void meanDuringWarmUpThenExponential() {
        ExponentialAverage average = new ExponentialAverage(9, 2);
        assertEquals(10.0, average.add(10));
        assertEquals(15.0, average.add(20));
        // f = 2 / (9 + 1) = 0.2: 15 * 0.8 + 40 * 0.2 = 20
        assertEquals(20.0, average.add(40), 1e-12);
        average.set(10);
        assertEquals(10 * 0.8 + 20 * 0.2, average.add(20), 1e-12);
    }
}
