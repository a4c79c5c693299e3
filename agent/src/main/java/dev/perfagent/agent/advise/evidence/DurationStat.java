package dev.perfagent.agent.advise.evidence;

/**
 * Events of one key (a monitor class, an endpoint, a file): how many, how long in all, the longest,
 * and the bytes they moved (0 where that means nothing).
 *
 * @param count events
 * @param totalNanos summed duration
 * @param maxNanos longest duration
 * @param bytes bytes read or written
 */
public record DurationStat(long count, long totalNanos, long maxNanos, long bytes) {
    /** No events. */
    public static final DurationStat NONE = new DurationStat(0, 0, 0, 0);

    /** This plus one more event. */
    public DurationStat plus(long nanos, long moreBytes) {
        return new DurationStat(count + 1, totalNanos + nanos, Math.max(maxNanos, nanos), bytes + moreBytes);
    }

    /** Mean duration in nanoseconds (0 with no events). */
    public double meanNanos() {
        return count == 0 ? 0 : (double) totalNanos / count;
    }
}
