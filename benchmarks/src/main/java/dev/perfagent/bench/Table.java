package dev.perfagent.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The markdown table {@link BatchingBenchmark} prints for one load. */
final class Table {

    /**
     * One configuration's row: its figures, or why there are none.
     *
     * @param label the configuration's name
     * @param spec the configuration's spec ({@code none}, {@code size:8}, …), or {@code ceiling}
     * @param result the figures, or null
     * @param failure why there are no figures, or null
     */
    record Row(String label, String spec, LoadResult result, String failure) {}

    private Table() {}

    /**
     * @param rows the ceiling row first, then one per configuration
     * @param ceiling the ceiling's items/s
     * @param sloText the objective goodput counts against, e.g. {@code 20ms}
     */
    static String format(List<Row> rows, double ceiling, String sloText) {
        double noAgent = rows.stream()
                .filter(r -> r.spec().equals("none") && r.result() != null)
                .mapToDouble(r -> r.result().itemsPerSecond()).findFirst().orElse(Double.NaN);
        StringBuilder out = new StringBuilder()
                .append("| configuration | items/s | of ceiling | × no agent | p50 µs | p99 µs | goodput/s (≤ ")
                .append(sloText).append(", share) | mean batch | errors | unsent |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Row row : rows) {
            out.append("| ").append(row.label()).append(" | ");
            if (row.result() == null) {
                out.append("**failed** (below) | | | | | | | | |\n");
                continue;
            }
            LoadResult r = row.result();
            double items = r.itemsPerSecond();
            out.append(count(items)).append(" | ")
                    .append(ratio(items / ceiling)).append(" | ")
                    .append(row.spec().equals("ceiling") ? "" : ratio(items / noAgent)).append(" | ")
                    .append(micros(r.p50Micros())).append(" | ")
                    .append(micros(r.p99Micros())).append(" | ")
                    .append(goodput(r)).append(" | ")
                    .append(optional(r.meanBatch(), "%.1f")).append(" | ")
                    .append(r.errors() == 0 ? "0" : r.errors() + " " + r.errorTypes()).append(" | ")
                    .append(r.unsent()).append(" |\n");
        }
        return out.toString();
    }

    /** @return e.g. {@code 151,423} */
    static String count(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String micros(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String goodput(LoadResult r) {
        OptionalDouble goodput = r.goodput();
        OptionalDouble share = r.withinSlo();
        if (goodput.isEmpty()) {
            return "–";
        }
        return count(goodput.getAsDouble())
                + (share.isPresent() ? String.format(Locale.ROOT, " (%.1f%%)", 100 * share.getAsDouble()) : "");
    }

    private static String optional(OptionalDouble value, String format) {
        return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "–";
    }
}
