package dev.perfagent.agent.layer.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * The size of a closed breaker's sliding window: a number of calls or a span of time.
 *
 * @param type   count or time
 * @param calls  for a count window, how many of the last calls it holds ({@value #MAX_CALLS} at most); 0 for a
 *               time window
 * @param length for a time window, how far back it reaches (from {@link #MIN_LENGTH} to {@link #MAX_LENGTH};
 *               above {@link TimeWindow#FINEST_FULL_WIDTH} a whole number of seconds); zero for a count window
 */
public record WindowSpec(WindowType type, int calls, Duration length) {

    /** The largest count window: its counts are packed 21 bits a field (see {@link WindowCounts}). */
    public static final int MAX_CALLS = 1_000_000;
    /** The shortest time window. */
    public static final Duration MIN_LENGTH = Duration.ofMillis(1);
    /** The longest time window (3600 buckets of one second). */
    public static final Duration MAX_LENGTH = Duration.ofHours(1);

    /** Checks the arguments. */
    public WindowSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(length, "length");
        if (type == WindowType.COUNT) {
            if (calls < 1 || calls > MAX_CALLS || !length.isZero()) {
                throw new IllegalArgumentException("count window of " + calls + " calls, length " + length);
            }
        } else {
            String problem = lengthProblem(length);
            if (calls != 0 || problem != null) {
                throw new IllegalArgumentException("time window of " + length + ": " + problem);
            }
        }
    }

    /** A window of the last {@code calls} calls. */
    public static WindowSpec count(int calls) {
        return new WindowSpec(WindowType.COUNT, calls, Duration.ZERO);
    }

    /** A window of the calls that ended in the last {@code length}. */
    public static WindowSpec time(Duration length) {
        return new WindowSpec(WindowType.TIME, 0, length);
    }

    /** Why a time window cannot be this long, or null when it can. */
    public static String lengthProblem(Duration length) {
        if (length.compareTo(MIN_LENGTH) < 0) {
            return "a time window must be at least 1ms";
        }
        if (length.compareTo(MAX_LENGTH) > 0) {
            return "a time window must be at most 1h";
        }
        if (length.compareTo(TimeWindow.FINEST_FULL_WIDTH) > 0 && length.toNanos() % 1_000_000_000L != 0) {
            return "a time window longer than 100s must be a whole number of seconds (it is kept in one-second"
                    + " buckets)";
        }
        return null;
    }
}
