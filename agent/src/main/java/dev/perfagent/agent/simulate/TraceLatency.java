package dev.perfagent.agent.simulate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code latency} column: a duration with its unit ({@code 12ms}, {@code 1.5s}, {@code 250us},
 * {@code 800ns}), or a plain number, which means milliseconds ({@code 12.5}), as most load tools and
 * access logs write it. Rounded to the nearest nanosecond.
 */
final class TraceLatency {
    private static final Pattern LATENCY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|h)?");

    private TraceLatency() {
    }

    /**
     * The latency in nanoseconds.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what was expected
     */
    static long parseNanos(String text) {
        Matcher matcher = LATENCY.matcher(text);
        if (!matcher.matches()) {
            String why = text.startsWith("-") ? "is negative" : "is not a latency";
            throw new IllegalArgumentException("latency '" + text + "' " + why + " (expected a duration such as 12ms,"
                    + " 1.5s, 250us, or a number of milliseconds such as 12.5)");
        }
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanosPer(unit)))
                .setScale(0, RoundingMode.HALF_UP);
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("latency '" + text + "' is too large");
        }
    }

    private static long nanosPer(String unit) {
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
}
