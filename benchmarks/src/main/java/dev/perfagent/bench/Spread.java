package dev.perfagent.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Median, lowest and highest of a few repeated measurements.
 *
 * @param median the middle value (the mean of the middle two for an even count); NaN when there are none
 * @param min the lowest
 * @param max the highest
 */
record Spread(double median, double min, double max) {

    /** @param values the measurements, in any order */
    static Spread of(double... values) {
        if (values.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1]);
    }

    /** @param format for each of the three, e.g. {@code %.0f}: {@code 120 (118..134)}; {@code –} when there were none */
    String format(String format) {
        if (Double.isNaN(median)) {
            return "–";
        }
        return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", median, min, max);
    }
}
