package dev.perfagent.agent.config;

import dev.perfagent.agent.time.DurationText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in config: a number (fractions allowed) and a unit: {@code 250ns},
 * {@code 500us}, {@code 100ms}, {@code 1.5s}, {@code 10m}, {@code 1h}. A unit is required: a bare
 * {@code 100} is ambiguous, and guessing milliseconds is how SLOs end up 1000x off.
 */
final class DurationFormat {

    /** The units, for messages. */
    static final String UNITS = "ns, us, ms, s, m, h";

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|h)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private DurationFormat() {
    }

    /** Parses a duration. */
    static Duration parse(String text) throws InvalidValueException {
        String trimmed = text.trim();
        Matcher matcher = DURATION.matcher(trimmed);
        if (!matcher.matches()) {
            if (NUMBER.matcher(trimmed).matches()) {
                throw new InvalidValueException("invalid duration '" + text + "': a unit is required ("
                        + UNITS + " — e.g. " + trimmed + "ms)");
            }
            throw new InvalidValueException("invalid duration '" + text + "' (expected a number with a unit: "
                    + UNITS + " — e.g. 100ms)");
        }
        BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(DurationText.nanosPer(matcher.group(2))));
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new InvalidValueException("duration too long: '" + text + "'");
        }
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new InvalidValueException("invalid duration '" + text + "': finer than a nanosecond");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** The shortest exact form in the same notation, e.g. {@code 1500ms} or {@code 2s}. */
    static String format(Duration duration) {
        return DurationText.format(duration);
    }
}
