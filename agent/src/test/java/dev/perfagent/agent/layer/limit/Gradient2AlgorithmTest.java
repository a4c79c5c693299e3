package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Gradient2's update rule against values worked out by hand from Netflix's formulas (see the class comment). */
class Gradient2AlgorithmTest {
    private static final double EPSILON = 1e-9;
    private static final long MS = 1_000_000;

    private final Gradient2Algorithm algorithm =
            new Gradient2Algorithm(new Gradient2Settings(100, 10, 200, 0.2, 4, 1.5, 600));

    @Test
    void followsTheGradientOfLongToShortRtt() {
        // long = 10 ms (first sample); gradient = min(1, 1.5 * 10/10) = 1; new = 100 * 1 + 4 = 104;
        // smoothed = 100 * 0.8 + 104 * 0.2 = 100.8
        assertEquals(100, algorithm.update(10 * MS, 100, false));
        assertEquals(100.8, algorithm.estimatedLimit(), EPSILON);

        // long = (10 + 40) / 2 = 25 ms (warm-up: plain mean); gradient = 1.5 * 25/40 = 0.9375;
        // new = 100.8 * 0.9375 + 4 = 98.5; smoothed = 100.8 * 0.8 + 98.5 * 0.2 = 100.34
        assertEquals(100, algorithm.update(40 * MS, 100, false));
        assertEquals(100.34, algorithm.estimatedLimit(), EPSILON);

        // long = (10 + 40 + 100) / 3 = 50 ms; gradient = max(0.5, 1.5 * 50/100) = 0.75;
        // new = 100.34 * 0.75 + 4 = 79.255; smoothed = 100.34 * 0.8 + 79.255 * 0.2 = 96.123
        assertEquals(96, algorithm.update(100 * MS, 100, false));
        assertEquals(96.123, algorithm.estimatedLimit(), EPSILON);
        assertEquals(100.0 * MS, algorithm.rttEstimates().get("short"), EPSILON);
        assertEquals(50.0 * MS, algorithm.rttEstimates().get("long"), EPSILON);
    }

    @Test
    void theGradientIsNeverBelowOneHalf() {
        algorithm.update(10 * MS, 100, false);
        // long = (10 + 1000) / 2 = 505 ms; 1.5 * 505/1000 = 0.7575: not clamped. Then long = (10+1000+10000)/3 = 3670,
        // 1.5 * 3670/10000 = 0.5505: not clamped either; a 100 s sample: long = (11010 + 100000)/4 = 27752.5,
        // 1.5 * 27752.5/100000 = 0.416 -> 0.5
        algorithm.update(1000 * MS, 100, false);
        algorithm.update(10000 * MS, 100, false);
        double before = algorithm.estimatedLimit();
        algorithm.update(100000 * MS, 100, false);
        assertEquals(before * 0.8 + (before * 0.5 + 4) * 0.2, algorithm.estimatedLimit(), EPSILON);
    }

    @Test
    void doesNotMoveWhileTheApplicationUsesLessThanHalf() {
        // 49 < 100 / 2: the long RTT learns, the limit stays.
        assertEquals(100, algorithm.update(10 * MS, 49, false));
        assertEquals(100, algorithm.update(1000 * MS, 49, false));
        assertEquals(100.0, algorithm.estimatedLimit(), EPSILON);
        assertEquals(505.0 * MS, algorithm.rttEstimates().get("long"), EPSILON);
    }

    @Test
    void staysWithinMinAndMax() {
        Gradient2Algorithm small = new Gradient2Algorithm(new Gradient2Settings(12, 11, 12, 1.0, 4, 1.5, 600));
        // smoothing 1: new = 12 * 1 + 4 = 16 -> max 12
        assertEquals(12, small.update(10 * MS, 12, false));
        // long = (10 + 100) / 2 = 55 ms, gradient = 1.5 * 55/100 = 0.825: 12 * 0.825 + 4 = 13.9 -> 12
        assertEquals(12, small.update(100 * MS, 12, false));
        // long = (10 + 100 + 100000) / 3 = 33370 ms, gradient = 0.50055: 12 * 0.50055 + 4 = 10.0066 -> min 11
        assertEquals(11, small.update(100000 * MS, 12, false));
        assertEquals(11.0, small.estimatedLimit(), EPSILON);
    }

    @Test
    void theLongRttDecaysFasterWhenLatencyFallsBelowHalfOfIt() {
        for (int i = 0; i < 10; i++) {
            algorithm.update(10 * MS, 100, false);
        }
        assertEquals(10.0 * MS, algorithm.rttEstimates().get("long"), 1e-3);
        // After the warm-up: long = 10 * (1 - f) + 1 * f with f = 2 / 601, then long / short > 2 so long *= 0.95
        double f = 2.0 / 601;
        double undecayed = 10.0 * MS * (1 - f) + 1.0 * MS * f;
        double before = algorithm.estimatedLimit();
        algorithm.update(MS, 100, false);
        assertEquals(undecayed * 0.95, algorithm.rttEstimates().get("long"), 1e-3);
        // ... while this sample's gradient used the undecayed long RTT: min(1, 1.5 * ~9.97) = 1
        assertEquals(before * 0.8 + (before + 4) * 0.2, algorithm.estimatedLimit(), EPSILON);
    }

    @Test
    void aDropIsJustASample() {
        Gradient2Algorithm other = new Gradient2Algorithm(new Gradient2Settings(100, 10, 200, 0.2, 4, 1.5, 600));
        algorithm.update(10 * MS, 100, true);
        other.update(10 * MS, 100, false);
        assertEquals(other.estimatedLimit(), algorithm.estimatedLimit(), EPSILON);
    }
}
