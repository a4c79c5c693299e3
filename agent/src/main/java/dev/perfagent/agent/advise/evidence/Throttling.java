package dev.perfagent.agent.advise.evidence;

/**
 * Container CPU throttling over the window ({@code jdk.ContainerCPUThrottling}, differences between
 * its first and last reading): of the CFS periods that ran, how many hit the quota.
 *
 * @param elapsedSlices CFS periods that elapsed
 * @param throttledSlices periods in which the container was throttled
 * @param throttledNanos time the container spent throttled
 */
public record Throttling(long elapsedSlices, long throttledSlices, long throttledNanos) {
    /** No readings. */
    public static final Throttling NONE = new Throttling(0, 0, 0);

    /** Throttled periods as a fraction of elapsed periods. */
    public double throttledFraction() {
        return elapsedSlices == 0 ? 0 : (double) throttledSlices / elapsedSlices;
    }
}
