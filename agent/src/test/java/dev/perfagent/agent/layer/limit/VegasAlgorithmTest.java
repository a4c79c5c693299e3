package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vegas's update rule against values worked out by hand from Netflix's formulas (see the class comment). */
class VegasAlgorithmTest {
    private static final long MS = 1_000_000;

    /** Netflix's defaults, with the probe jitter fixed at 1 so no probe comes before 30 * limit samples. */
    private final VegasAlgorithm algorithm = new VegasAlgorithm(VegasSettings.DEFAULTS, () -> 1.0);

    @ParameterizedTest(name = "log10({0}) = {1}")
    @CsvSource({"0, 1", "1, 1", "9, 1", "10, 1", "99, 1", "100, 2", "999, 2", "1000, 3", "12345, 4"})
    void log10RootIsNetflixs(int n, int expected) {
        assertEquals(expected, VegasAlgorithm.log10Root(n));
    }

    @Test
    void movesWithTheQueueEstimate() {
        // The first sample only sets rtt_noload.
        assertEquals(20, algorithm.update(10 * MS, 20, false));
        assertEquals(10.0 * MS, algorithm.rttEstimates().get("min"));
        // queue = ceil(20 * (1 - 10/10)) = 0 <= log10(20) = 1: grow by beta = 6 * 1
        assertEquals(26, algorithm.update(10 * MS, 20, false));
        // queue = ceil(26 * (1 - 10/20)) = 13 > beta 6: shrink by log10(26) = 1
        assertEquals(25, algorithm.update(20 * MS, 26, false));
        // queue = ceil(25 * (1 - 10/12.5)) = 5, within [alpha 3, beta 6]: keep
        assertEquals(25, algorithm.update(12_500_000, 25, false));
        // queue = ceil(25 * (1 - 10/10.5)) = ceil(1.19) = 2, above the threshold 1 and below alpha 3: grow by 1
        assertEquals(26, algorithm.update(10_500_000, 25, false));
        // A drop shrinks by log10(26) = 1 whatever the queue and the calls in flight.
        assertEquals(25, algorithm.update(10 * MS, 1, true));
        // Application-limited (5 * 2 < 25): keep.
        assertEquals(25, algorithm.update(10 * MS, 5, false));
        // A lower RTT is the new floor; the limit stays.
        assertEquals(25, algorithm.update(5 * MS, 25, false));
        assertEquals(5.0 * MS, algorithm.rttEstimates().get("min"));
    }

    @Test
    void fixedAlphaAndBetaAndSmoothing() {
        VegasAlgorithm tuned = new VegasAlgorithm(
                new VegasSettings(20, 1, 1000, 0.5, OptionalInt.of(2), OptionalInt.of(4), 30), () -> 1.0);
        tuned.update(10 * MS, 20, false);
        // queue = 0 <= 1: new = 20 + beta 4 = 24; smoothed = 0.5 * 20 + 0.5 * 24 = 22
        assertEquals(22, tuned.update(10 * MS, 20, false));
        assertEquals(22.0, tuned.estimatedLimit());
        // queue = ceil(22 * (1 - 10/12.5)) = ceil(4.4) = 5 > beta 4: new = 22 - 1 = 21; smoothed = 21.5
        assertEquals(21, tuned.update(12_500_000, 22, false));
        assertEquals(21.5, tuned.estimatedLimit());
    }

    @Test
    void staysWithinMinAndMax() {
        VegasAlgorithm bounded = new VegasAlgorithm(
                new VegasSettings(20, 19, 22, 1.0, OptionalInt.empty(), OptionalInt.empty(), 30), () -> 1.0);
        bounded.update(10 * MS, 20, false);
        assertEquals(22, bounded.update(10 * MS, 20, false), "20 + 6 capped at 22");
        assertEquals(21, bounded.update(10 * MS, 1, true));
        assertEquals(20, bounded.update(10 * MS, 1, true));
        assertEquals(19, bounded.update(10 * MS, 1, true));
        assertEquals(19, bounded.update(10 * MS, 1, true), "floored at min-limit");
    }

    @Test
    void probesTheNoLoadRttAfterJitterTimesMultiplierTimesLimitSamples() {
        // Jitter 0.5, multiplier 1, limit 20: the 10th sample is a probe and takes its RTT as the new floor.
        VegasAlgorithm probing = new VegasAlgorithm(
                new VegasSettings(20, 1, 1000, 1.0, OptionalInt.empty(), OptionalInt.empty(), 1), () -> 0.5);
        probing.update(10 * MS, 1, false);
        for (int i = 2; i <= 9; i++) {
            probing.update(30 * MS, 1, false);
        }
        assertEquals(10.0 * MS, probing.rttEstimates().get("min"));
        assertEquals(20, probing.update(30 * MS, 20, false));
        assertEquals(30.0 * MS, probing.rttEstimates().get("min"));
    }
}
