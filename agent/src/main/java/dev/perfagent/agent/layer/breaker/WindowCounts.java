package dev.perfagent.agent.layer.breaker;

/**
 * A count window's calls, failures and slow calls packed in one {@code long}, 21 bits each, so one atomic
 * add updates all three and one read gives a consistent triple:
 * {@code packed = calls * 2^42 + failures * 2^21 + slow}.
 *
 * <p>The fields are decoded as signed 21-bit numbers: under contention a thread may subtract an evicted
 * call before the thread that stored it has added it (see {@link CountWindow}), so a field can be
 * briefly negative or above the calls. Plain integer arithmetic keeps the sum exact; decoding with sign
 * keeps each field exact while it stays within +-2^20, which a window of at most
 * {@link WindowSpec#MAX_CALLS} (under 2^20) guarantees with room for a few thousand racing threads.
 * {@link #consistent} tells a snapshot that is safe to judge.
 */
final class WindowCounts {
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    /** One call that neither failed nor was slow. */
    static final long CALL = 1L << (2 * BITS);
    /** Added to {@link #CALL} for a failed call. */
    static final long FAILURE = 1L << BITS;
    /** Added to {@link #CALL} for a slow call. */
    static final long SLOW = 1L;

    private WindowCounts() {
    }

    /** One call, packed. */
    static long of(boolean failure, boolean slow) {
        return CALL + (failure ? FAILURE : 0) + (slow ? SLOW : 0);
    }

    static int slow(long packed) {
        return signed(packed);
    }

    static int failures(long packed) {
        return signed((packed - slow(packed)) >> BITS);
    }

    static int calls(long packed) {
        long upper = (packed - slow(packed)) >> BITS;
        return (int) ((upper - signed(upper)) >> BITS);
    }

    /** Whether the triple is one a window can really hold (no field mid-update). */
    static boolean consistent(long packed) {
        int calls = calls(packed);
        int failures = failures(packed);
        int slow = slow(packed);
        return failures >= 0 && slow >= 0 && failures <= calls && slow <= calls;
    }

    private static int signed(long bits) {
        return (int) ((bits << (64 - BITS)) >> (64 - BITS));
    }
}
