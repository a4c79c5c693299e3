package dev.perfagent.agent.simulate;

import java.util.List;
import java.util.Locale;

/**
 * The header row of a trace: the columns {@code time}, {@code latency} and {@code outcome}, each exactly
 * once, in any order (any case); no other columns, so a misspelt one is an error rather than ignored.
 */
final class TraceHeader {
    /** The columns a trace has. */
    static final List<String> COLUMNS = List.of("time", "latency", "outcome");

    private final int time;
    private final int latency;
    private final int outcome;
    private final int width;

    private TraceHeader(int time, int latency, int outcome, int width) {
        this.time = time;
        this.latency = latency;
        this.outcome = outcome;
        this.width = width;
    }

    /**
     * Reads the header's fields.
     *
     * @throws IllegalArgumentException naming the column that is unknown, repeated or missing
     */
    static TraceHeader parse(List<String> fields) {
        int[] at = {-1, -1, -1};
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).toLowerCase(Locale.ROOT);
            int column = COLUMNS.indexOf(name);
            if (column < 0) {
                throw new IllegalArgumentException("unknown column '" + fields.get(i) + "' in the header (expected "
                        + String.join(",", COLUMNS) + ")");
            }
            if (at[column] >= 0) {
                throw new IllegalArgumentException("column '" + name + "' appears twice in the header");
            }
            at[column] = i;
        }
        for (int column = 0; column < at.length; column++) {
            if (at[column] < 0) {
                throw new IllegalArgumentException("the header has no column '" + COLUMNS.get(column) + "' (expected "
                        + String.join(",", COLUMNS) + ")");
            }
        }
        return new TraceHeader(at[0], at[1], at[2], fields.size());
    }

    int time() {
        return time;
    }

    int latency() {
        return latency;
    }

    int outcome() {
        return outcome;
    }

    /** How many fields every row has. */
    int width() {
        return width;
    }
}
