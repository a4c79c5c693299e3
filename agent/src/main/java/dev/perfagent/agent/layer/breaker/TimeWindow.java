package dev.perfagent.agent.layer.breaker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The calls that ended in the last D of time, in buckets. A window up to {@link #FINEST_FULL_WIDTH} (100 s)
 * has 100 buckets of D/100 ({@code window: 10s}: 100 ms buckets); a longer one has buckets of one second
 * ({@code window: 5m}: 300). The window is the current bucket and the ones before it, so a call counts for
 * between D - one bucket and D after it ended, and leaves the window when its bucket does.
 *
 * <p>Lock-free and allocation-free, two atomic adds per call: the window keeps running totals since it was
 * created, {@code calls << 32 | failures} in one {@code long} and {@code calls << 32 | slow calls} in
 * another, so each rate is taken from one consistent read (a thread stalled between two separate counters
 * could otherwise see more slow calls than calls); and, per bucket, what the totals were when the bucket
 * began. The window's counts are the totals now minus those at the start of its oldest bucket; the
 * subtraction is exact in 64-bit arithmetic however often the totals wrap, as long as the window holds
 * fewer than 2^32 calls. The first call of a new bucket moves the window (a CAS on the newest bucket, then
 * the start of each bucket it moved over); a snapshot moves it too, so buckets expire without calls. A call
 * that ends just as its bucket begins may be counted in the bucket before: its bucket is exact to within
 * the few nanoseconds of that move.
 */
final class TimeWindow implements SlidingWindow {
    /** Windows up to this long have 100 buckets; longer ones have one-second buckets. */
    static final Duration FINEST_FULL_WIDTH = Duration.ofSeconds(100);

    private static final int FINE_BUCKETS = 100;
    private static final long SECOND = 1_000_000_000L;
    private static final long CALL = 1L << 32;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    /** A bucket start being rewritten (readers retry or skip). */
    private static final long WRITING = Long.MIN_VALUE;

    private final long bucketNanos;
    private final int buckets;
    private final Thresholds thresholds;
    /** {@code calls << 32 | failures} since the window was created, modulo 2^64. */
    private final AtomicLong failureTotals = new AtomicLong();
    /** {@code calls << 32 | slow calls} since the window was created, modulo 2^64. */
    private final AtomicLong slowTotals = new AtomicLong();
    /** The newest bucket (time / bucket width) the window has moved to. */
    private final AtomicLong newest;
    /** Per slot: which bucket it holds the start of, or {@link #WRITING}; written last, checked on read. */
    private final AtomicLongArray stamps;
    private final AtomicLongArray failureStarts;
    private final AtomicLongArray slowStarts;

    TimeWindow(Duration length, Thresholds thresholds, long nowNanos) {
        String problem = WindowSpec.lengthProblem(length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        long nanos = length.toNanos();
        if (length.compareTo(FINEST_FULL_WIDTH) <= 0) {
            this.buckets = FINE_BUCKETS;
            this.bucketNanos = nanos / FINE_BUCKETS;
        } else {
            this.buckets = (int) (nanos / SECOND);
            this.bucketNanos = SECOND;
        }
        this.thresholds = thresholds;
        this.stamps = new AtomicLongArray(buckets);
        this.failureStarts = new AtomicLongArray(buckets);
        this.slowStarts = new AtomicLongArray(buckets);
        long bucket = bucket(nowNanos);
        this.newest = new AtomicLong(bucket);
        for (long b = bucket - buckets + 1; b <= bucket; b++) {
            stamps.set(slot(b), b);
        }
    }

    /** The width of one bucket. */
    Duration bucketWidth() {
        return Duration.ofNanos(bucketNanos);
    }

    /** How many buckets the window spans. */
    int buckets() {
        return buckets;
    }

    @Override
    public int record(long nowNanos, boolean failure, boolean slow) {
        long bucket = bucket(nowNanos);
        long head = advance(bucket);
        if (head - bucket >= buckets) {
            // The thread stalled for a whole window between the call's end and here: too old to count.
            return 0;
        }
        long failureNow = failureTotals.addAndGet(failure ? CALL + 1 : CALL);
        long slowNow = slowTotals.addAndGet(slow ? CALL + 1 : CALL);
        long oldest = newest.get() - buckets + 1;
        int slot = slot(oldest);
        long stamp = stamps.get(slot);
        long failureStart = failureStarts.get(slot);
        long slowStart = slowStarts.get(slot);
        if (stamp != oldest || stamps.get(slot) != stamp) {
            return 0; // the window is moving past a gap right now; the next call judges
        }
        long failures = failureNow - failureStart;
        long slows = slowNow - slowStart;
        return thresholds.reached(failures >>> 32, failures & LOW_32, slows >>> 32, slows & LOW_32);
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        advance(bucket(nowNanos));
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long oldest = newest.get() - buckets + 1;
            int slot = slot(oldest);
            long stamp = stamps.get(slot);
            long failureStart = failureStarts.get(slot);
            long slowStart = slowStarts.get(slot);
            long failures = failureTotals.get() - failureStart;
            long slows = slowTotals.get() - slowStart;
            if (stamp == oldest && stamps.get(slot) == stamp) {
                long calls = failures >>> 32;
                // Two reads: the slow calls' own count of calls may differ from this one by a racing call.
                return new WindowSnapshot(calls, failures & LOW_32, Math.min(calls, slows & LOW_32));
            }
            Thread.onSpinWait();
        }
        // A mover stalled mid-write for a thousand reads: the counts are unknown for now.
        return WindowSnapshot.EMPTY;
    }

    /** Moves the window so that {@code bucket} is in it; returns the newest bucket, which may be later. */
    private long advance(long bucket) {
        for (;;) {
            long head = newest.get();
            if (bucket <= head) {
                return head;
            }
            if (newest.compareAndSet(head, bucket)) {
                long failureStart = failureTotals.get();
                long slowStart = slowTotals.get();
                for (long b = Math.max(head + 1, bucket - buckets + 1); b <= bucket; b++) {
                    int slot = slot(b);
                    stamps.set(slot, WRITING);
                    failureStarts.set(slot, failureStart);
                    slowStarts.set(slot, slowStart);
                    stamps.set(slot, b);
                }
                return bucket;
            }
        }
    }

    private long bucket(long nanos) {
        return Math.floorDiv(nanos, bucketNanos);
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) buckets);
    }
}
