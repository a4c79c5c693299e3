package dev.perfagent.agent.layer.timing;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures, once, what the timing path costs per call on this machine (two clock reads and one
 * {@link TimingRecorder#record}), so the agent can report its own overhead as calls × cost without
 * timing every call twice. Runs on the control thread, off the application's threads; the figure is an
 * estimate and is labelled as one.
 */
public final class OverheadCalibration {
    private static final int ROUNDS = 5;
    private static final int CALLS_PER_ROUND = 100_000;

    private OverheadCalibration() {
    }

    /** Median nanoseconds per timed call over a few rounds, after a warm-up. */
    public static double nanosPerCall(Ticker ticker) {
        TimingRecorder scratch = new TimingRecorder(null, Duration.ofMinutes(1), 1, ticker);
        run(scratch, ticker, CALLS_PER_ROUND);
        double[] rounds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            run(scratch, ticker, CALLS_PER_ROUND);
            rounds[i] = (System.nanoTime() - start) / (double) CALLS_PER_ROUND;
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    private static void run(TimingRecorder recorder, Ticker ticker, int calls) {
        for (int i = 0; i < calls; i++) {
            long start = ticker.read();
            recorder.record(ticker.read() - start, false);
        }
    }
}
