package dev.perfagent.agent.layer.breaker;

/**
 * The calls in a window at one moment.
 *
 * @param calls    calls recorded (successes and failures; ignored calls are not in a window)
 * @param failures of which failed
 * @param slow     of which were slower than {@code slow-call} (failed or not)
 */
public record WindowSnapshot(long calls, long failures, long slow) {

    /** A window without calls. */
    public static final WindowSnapshot EMPTY = new WindowSnapshot(0, 0, 0);

    /** Failed calls in percent of the calls; 0 for an empty window. */
    public double failureRate() {
        return calls == 0 ? 0 : failures * 100.0 / calls;
    }

    /** Slow calls in percent of the calls; 0 for an empty window. */
    public double slowCallRate() {
        return calls == 0 ? 0 : slow * 100.0 / calls;
    }
}
