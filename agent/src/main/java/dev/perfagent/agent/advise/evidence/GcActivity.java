package dev.perfagent.agent.advise.evidence;

import java.util.List;

/**
 * Garbage collection over the window.
 *
 * @param collections collections
 * @param pauseNanos summed pause time (stop-the-world only: concurrent phases do not count)
 * @param longestPauseNanos longest single pause
 * @param fullCollections full (whole-heap, stop-the-world) collections not asked for by {@code System.gc()}
 * @param fullPauseNanos pause time of those full collections
 * @param systemGcCalls collections caused by {@code System.gc()}
 * @param systemGcPauseNanos pause time of those
 * @param heapAfterGc heap in use after each collection, oldest first
 * @param maxHeapBytes the heap's maximum size, 0 when the recording does not say
 */
public record GcActivity(int collections, long pauseNanos, long longestPauseNanos, int fullCollections,
        long fullPauseNanos, int systemGcCalls, long systemGcPauseNanos, List<HeapPoint> heapAfterGc,
        long maxHeapBytes) {
    /** No collections. */
    public static final GcActivity NONE = new GcActivity(0, 0, 0, 0, 0, 0, 0, List.of(), 0);

    /** Copies the series. */
    public GcActivity {
        heapAfterGc = List.copyOf(heapAfterGc);
    }
}
