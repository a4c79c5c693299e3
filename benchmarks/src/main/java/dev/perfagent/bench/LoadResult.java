package dev.perfagent.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one {@code inference-service load} run, read from the one line of JSON it prints
 * (see {@code dev.perfagent.sample.inference.LoadReport} for what each key means).
 */
final class LoadResult {

    /** The report is flat but for {@code error_types}, whose inner keys never clash with these names. */
    private static final Pattern FIELD =
            Pattern.compile("\"([a-z0-9_]+)\":(null|-?[0-9][0-9.eE+-]*|\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern ERROR_TYPES = Pattern.compile("\"error_types\":(\\{[^}]*})");

    private final String json;
    private final Map<String, String> fields = new HashMap<>();

    private LoadResult(String json) {
        this.json = json;
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2));
        }
    }

    /**
     * @param json the line the {@code load} command printed
     * @throws IllegalArgumentException if it is not such a line
     */
    static LoadResult parse(String json) {
        LoadResult result = new LoadResult(json);
        for (String key : new String[] {"mode", "items_per_sec", "p50_us", "p99_us", "completed"}) {
            if (!result.fields.containsKey(key)) {
                throw new IllegalArgumentException("not a load report (no '" + key + "'): " + json);
            }
        }
        return result;
    }

    String json() {
        return json;
    }

    /**
     * @return this result with the batch counts replaced: over HTTP they come from the service's
     *     {@code /info}, since the load runs in another process than the model
     */
    LoadResult withBatchCounts(long calls, long items) {
        LoadResult copy = new LoadResult(json);
        copy.fields.put("batch_calls", Long.toString(calls));
        copy.fields.put("batched_items", Long.toString(items));
        return copy;
    }

    double itemsPerSecond() {
        return number("items_per_sec");
    }

    double p50Micros() {
        return number("p50_us");
    }

    double p99Micros() {
        return number("p99_us");
    }

    long completed() {
        return (long) number("completed");
    }

    long errors() {
        return (long) number("errors");
    }

    long unsent() {
        return (long) number("unsent");
    }

    long stuckWorkers() {
        return (long) number("stuck_workers");
    }

    /** @return items/s completed within the objective; empty when the run had none */
    OptionalDouble goodput() {
        return optional("goodput");
    }

    /** @return the fraction of the period's requests that met the objective */
    OptionalDouble withinSlo() {
        return optional("within_slo");
    }

    /** @return {@code scoreBatch} calls in the measured period; empty when unknown */
    OptionalDouble batchCalls() {
        return optional("batch_calls");
    }

    /** @return mean items per {@code scoreBatch} call; empty when there was none */
    OptionalDouble meanBatch() {
        OptionalDouble calls = optional("batch_calls");
        OptionalDouble items = optional("batched_items");
        if (calls.isEmpty() || items.isEmpty() || calls.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(items.getAsDouble() / calls.getAsDouble());
    }

    /** @return e.g. {@code {"CallRejectedException":12}} */
    String errorTypes() {
        Matcher m = ERROR_TYPES.matcher(json);
        return m.find() ? m.group(1) : "{}";
    }

    private double number(String key) {
        String value = fields.get(key);
        if (value == null || value.equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(value);
    }

    private OptionalDouble optional(String key) {
        double value = number(key);
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
