package dev.perfagent.agent.layer.limit;

/**
 * The bits of a permit, a non-negative {@code long} so that admission allocates nothing: the calls in flight at
 * admission (the sample's {@code inFlight}) in the low {@value #IN_FLIGHT_BITS} bits, the partition's index in the
 * {@value #PARTITION_BITS} above. {@link LimitAlgorithmSettings#MAX_LIMIT} keeps in-flight counts far below the
 * field's range; a larger count would be stored saturated.
 */
final class Permits {
    static final int IN_FLIGHT_BITS = 20;
    static final int PARTITION_BITS = 6;
    /** Bits a permit uses; the rest of a {@code long} is free for its holder. */
    static final int BITS = IN_FLIGHT_BITS + PARTITION_BITS;

    private static final int IN_FLIGHT_MASK = (1 << IN_FLIGHT_BITS) - 1;
    private static final int PARTITION_MASK = (1 << PARTITION_BITS) - 1;

    private Permits() {
    }

    static long of(int inFlight, int partition) {
        return (long) partition << IN_FLIGHT_BITS | Math.min(inFlight, IN_FLIGHT_MASK);
    }

    static int inFlight(long permit) {
        return (int) (permit & IN_FLIGHT_MASK);
    }

    static int partition(long permit) {
        return (int) (permit >>> IN_FLIGHT_BITS) & PARTITION_MASK;
    }
}
