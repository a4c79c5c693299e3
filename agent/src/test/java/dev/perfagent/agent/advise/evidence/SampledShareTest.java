package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampledShareTest {
    @Test
    void wilsonIntervalMatchesTheFormula() {
        SampledShare share = new SampledShare(50, 1000);
        assertEquals(0.05, share.fraction(), 1e-12);
        assertEquals(0.0381, share.low(), 1e-4);
        assertEquals(0.0653, share.high(), 1e-4);
    }

    @Test
    void staysInsideZeroAndOne() {
        assertEquals(0, new SampledShare(0, 10).low(), 1e-12);
        assertEquals(0.2775, new SampledShare(0, 10).high(), 1e-4);
        assertEquals(1, new SampledShare(10, 10).high(), 1e-12);
        assertEquals(0, new SampledShare(0, 0).fraction());
    }

    @Test
    void hitsCannotExceedSamples() {
        assertThrows(IllegalArgumentException.class, () -> new SampledShare(11, 10));
    }
}
