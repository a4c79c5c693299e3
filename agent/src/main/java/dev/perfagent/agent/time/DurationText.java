package dev.perfagent.agent.time;

import java.time.Duration;

/**
 * The units of the agent's duration notation ({@code 250ns}, {@code 500us}, {@code 100ms}, {@code 2s},
 * {@code 10m}, {@code 1h}) and the shortest exact text of a duration in it. One table for the config
 * parser, the layers' messages and the trace reader; here, beside {@link Ticker}, because layer classes
 * run without the config package (the benchmarks jar).
 */
public final class DurationText {
    private static final String[] LARGEST_FIRST = {"h", "m", "s", "ms", "us"};

    private DurationText() {
    }

    /**
     * Nanoseconds in one {@code unit}: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m},
     * {@code h}.
     *
     * @throws IllegalArgumentException for any other unit
     */
    public static long nanosPer(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "µs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw new IllegalArgumentException(unit);
        }
    }

    /** The shortest exact form, e.g. {@code 1500ms} or {@code 2s}; zero is {@code 0ms}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        for (String unit : LARGEST_FIRST) {
            long per = nanosPer(unit);
            if (nanos % per == 0) {
                return nanos / per + unit;
            }
        }
        return nanos + "ns";
    }
}
