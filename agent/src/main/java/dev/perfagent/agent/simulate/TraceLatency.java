package dev.perfagent.agent.simulate;

import dev.perfagent.agent.time.DurationText;
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
        BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(DurationText.nanosPer(unit)))
                .setScale(0, RoundingMode.HALF_UP);
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("latency '" + text + "' is too large");
        }
    }
}
