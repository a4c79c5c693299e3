package dev.perfagent.agent.advise;

import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.agent.advise.evidence.HeapPoint;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The heap left after each collection, over the last windows: a leak grows for minutes or hours, longer than
 * one profiling window, so the heap-growth line is fitted through this series rather than one window's. Keeps
 * at most {@code horizon} of points and at most {@link #MAX_POINTS} of them (the oldest go first). Used by the
 * thread that ends windows.
 */
final class HeapHistory {
    static final int MAX_POINTS = 2000;

    private final Duration horizon;
    private final Deque<HeapPoint> points = new ArrayDeque<>();

    /** @param horizon how far back points are kept */
    HeapHistory(Duration horizon) {
        this.horizon = horizon;
    }

    /** Adds the window's points and returns the window with the whole series in place of its own. */
    WindowEvidence extend(WindowEvidence window) {
        GcActivity gc = window.gc();
        for (HeapPoint p : gc.heapAfterGc()) {
            if (points.isEmpty() || p.time().isAfter(points.peekLast().time())) {
                points.addLast(p);
            }
        }
        Instant oldest = window.end().minus(horizon);
        while (!points.isEmpty() && (points.size() > MAX_POINTS || points.peekFirst().time().isBefore(oldest))) {
            points.removeFirst();
        }
        return window.withGc(new GcActivity(gc.collections(), gc.pauseNanos(), gc.longestPauseNanos(),
                gc.fullCollections(), gc.fullPauseNanos(), gc.systemGcCalls(), gc.systemGcPauseNanos(),
                new ArrayList<>(points), gc.maxHeapBytes()));
    }

    /** The points kept now, oldest first. */
    List<HeapPoint> points() {
        return List.copyOf(points);
    }
}
