package dev.perfagent.agent.layer.timing;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The latency distribution of the last {@code slots × slotNanos} nanoseconds, kept as a ring of
 * packed histograms (memory proportional to the distinct values seen, not to the range). Not
 * thread-safe: {@link TimingRecorder} guards it.
 */
final class LatencyWindow {
    private final long slotNanos;
    private final PackedHistogram[] slots;
    private final long[] slotStart;

    LatencyWindow(int slotCount, long slotNanos, long highestTrackable) {
        this.slotNanos = slotNanos;
        this.slots = new PackedHistogram[slotCount];
        this.slotStart = new long[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new PackedHistogram(1, highestTrackable, TimingRecorder.SIGNIFICANT_DIGITS);
            slotStart[i] = Long.MIN_VALUE;
        }
    }

    /**
     * Adds what was recorded just before {@code now}: {@code newer - older}, two snapshots of a
     * histogram whose counts only grow.
     */
    void addDifference(Histogram newer, Histogram older, long now) {
        if (newer.getTotalCount() == older.getTotalCount()) {
            return;
        }
        long start = Math.floorDiv(now, slotNanos) * slotNanos;
        int index = (int) Math.floorMod(Math.floorDiv(now, slotNanos), (long) slots.length);
        if (slotStart[index] != start) {
            slots[index].reset();
            slotStart[index] = start;
        }
        slots[index].add(newer);
        slots[index].subtract(older);
    }

    /** Everything recorded in the window that ends at {@code now}, into {@code target} (reset first). */
    void copyInto(Histogram target, long now) {
        target.reset();
        long oldest = Math.floorDiv(now, slotNanos) * slotNanos - (slots.length - 1) * slotNanos;
        for (int i = 0; i < slots.length; i++) {
            if (slotStart[i] != Long.MIN_VALUE && slotStart[i] >= oldest) {
                target.add(slots[i]);
            }
        }
    }
}
