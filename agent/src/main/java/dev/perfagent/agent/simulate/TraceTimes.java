package dev.perfagent.agent.simulate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code time} column of one trace: each row's start as seconds from the start of the trace
 * ({@code 12.5}), or as an ISO-8601 instant ({@code 2024-05-01T12:00:00.125Z}) taken as an offset from the
 * first row's. The first row decides which form the whole file uses. Not thread-safe: one per reader.
 */
final class TraceTimes {
    private static final Pattern SECONDS = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final String EXPECTED = "expected seconds from the start such as 12.5, or an ISO-8601 instant such"
            + " as 2024-05-01T12:00:00.125Z";

    private enum Form { SECONDS, INSTANT }

    private Form form;
    private Instant first;

    /**
     * The row's offset from the start in nanoseconds (seconds rounded to the nearest nanosecond).
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what was expected
     */
    long offsetNanos(String text) {
        if (SECONDS.matcher(text).matches()) {
            expect(Form.SECONDS, text);
            BigDecimal nanos = new BigDecimal(text).multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP);
            try {
                return nanos.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("time '" + text + "' is too large");
            }
        }
        if (text.startsWith("-") && SECONDS.matcher(text.substring(1)).matches()) {
            throw new IllegalArgumentException("time '" + text + "' is negative (" + EXPECTED + ")");
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            boolean zoneless = text.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+");
            String zone = zoneless ? "; an instant needs its zone, e.g. Z or +02:00" : "";
            throw new IllegalArgumentException("invalid time '" + text + "' (" + EXPECTED + ")" + zone);
        }
        expect(Form.INSTANT, text);
        if (first == null) {
            first = instant;
        }
        try {
            return Duration.between(first, instant).toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time '" + text + "' is too far from the first row's " + first);
        }
    }

    private void expect(Form found, String text) {
        if (form == null) {
            form = found;
        } else if (form != found) {
            throw new IllegalArgumentException("time '" + text + "' is " + describe(found) + ", but the first row gave "
                    + describe(form) + "; use one form for the whole file");
        }
    }

    private static String describe(Form form) {
        return form == Form.SECONDS ? "seconds from the start" : "an ISO-8601 instant";
    }
}
