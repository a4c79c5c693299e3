package dev.perfagent.agent.layer.timing;

import dev.perfagent.agent.layer.ThreadOwnedCell;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * A cumulative latency histogram that threads calling at once do not fight over. One {@link AtomicHistogram}
 * takes every call on one counter for the total and one per bucket: two threads timing the same method keep
 * stealing those cache lines from each other, which multiplies the cost of a record several times. Here each
 * thread records into one of up to {@link #MAX_STRIPES} stripes, chosen by its thread id, so threads that
 * run at the same time mostly touch different lines. Stripes are made on first use: a method called from
 * one thread holds one histogram, not {@link #MAX_STRIPES}.
 *
 * <p>{@link #recordValue} is lock-free and allocates nothing once the caller's stripe exists. Readers sum the
 * stripes; a read concurrent with records sees each record either fully or not at all per stripe.
 */
final class StripedHistogram {
    /** Enough for the cores of a large host's busiest method; beyond it threads share stripes. */
    static final int MAX_STRIPES = 16;

    private final long highestTrackable;
    private final int digits;
    private final int mask;
    private final AtomicReferenceArray<AtomicHistogram> stripes;

    /** @param stripes how many stripes at most (rounded up to a power of two, at most {@link #MAX_STRIPES}) */
    StripedHistogram(long highestTrackable, int digits, int stripes) {
        int count = Integer.highestOneBit(Math.max(1, Math.min(MAX_STRIPES, stripes)) * 2 - 1);
        this.highestTrackable = highestTrackable;
        this.digits = digits;
        this.mask = count - 1;
        this.stripes = new AtomicReferenceArray<>(count);
    }

    /** Stripes for this host: twice the processors, so threads scheduled together rarely share one. */
    static int stripesForHost() {
        return Runtime.getRuntime().availableProcessors() * 2;
    }

    /** Records one value; lock-free. */
    void recordValue(long value) {
        int index = ThreadOwnedCell.index(Thread.currentThread().getId(), mask);
        AtomicHistogram stripe = stripes.get(index);
        if (stripe == null) {
            stripe = create(index);
        }
        stripe.recordValue(value);
    }

    private AtomicHistogram create(int index) {
        AtomicHistogram fresh = new AtomicHistogram(1, highestTrackable, digits);
        return stripes.compareAndSet(index, null, fresh) ? fresh : stripes.get(index);
    }

    /** Values recorded so far, over all stripes. */
    long totalCount() {
        long total = 0;
        for (int i = 0; i < stripes.length(); i++) {
            AtomicHistogram stripe = stripes.get(i);
            if (stripe != null) {
                total += stripe.getTotalCount();
            }
        }
        return total;
    }

    /** Adds every stripe's counts into {@code target}. */
    void addTo(Histogram target) {
        for (int i = 0; i < stripes.length(); i++) {
            AtomicHistogram stripe = stripes.get(i);
            if (stripe != null) {
                target.add(stripe);
            }
        }
    }

    /** The most stripes this histogram makes. */
    int stripeCount() {
        return mask + 1;
    }

    /** The stripes made so far (one per stripe some thread recorded into). */
    int stripesInUse() {
        int used = 0;
        for (int i = 0; i < stripes.length(); i++) {
            used += stripes.get(i) == null ? 0 : 1;
        }
        return used;
    }
}
