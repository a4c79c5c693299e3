package dev.perfagent.agent.advise;

import java.util.Locale;

/** Numbers as the recommendations print them: short, locale-independent. */
public final class FigureText {
    private FigureText() {
    }

    /** A fraction as a percentage, {@code 0.1234 -> "12.3%"}. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Nanoseconds as milliseconds, {@code "12.5 ms"}. */
    public static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** Bytes as megabytes, {@code "12.5 MB"}. */
    public static String megabytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** A number without trailing zeros, {@code 2.0 -> "2"}, {@code 0.25 -> "0.25"}. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /** Rounds to one decimal, for evidence values. */
    public static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Rounds to three decimals. */
    public static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
