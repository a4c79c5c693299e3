package dev.perfagent.agent.simulate;

import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.breaker.BreakerState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one rule's layers would have done with a trace: calls let through and refused (by which layer,
 * and whether each refused call would have failed or succeeded), rate-limit waits, the breaker's state
 * changes with their times, and the range of the concurrency limit.
 *
 * @param rule              the rule replayed
 * @param notes             how the replay differs from the service (modes it cannot replay)
 * @param calls             calls in the trace
 * @param admitted          calls the layers let through
 * @param refusedBy         refused calls by the layer that refused them
 * @param fallbacks         refused calls the breaker answered with its fallback value
 * @param failuresAvoided   refused calls that had failed in the trace: load kept off a failing dependency
 * @param successesLost     refused calls that had succeeded in the trace: the price of the protection
 * @param admittedFailures  calls let through that failed
 * @param waited            calls the rate limit made wait
 * @param totalWaitNanos    their waits, added up
 * @param maxWaitNanos      the longest wait
 * @param transitions       the breaker's state changes, in order
 * @param limitMin          the smallest concurrency limit seen (-1 without a concurrency limit)
 * @param limitMax          the largest concurrency limit seen
 * @param limitLast         the concurrency limit at the end
 * @param maxInFlight       the most calls in flight seen at an admission
 */
public record ReplayReport(String rule, List<String> notes, long calls, long admitted, Map<LayerKind, Long> refusedBy,
                           long fallbacks, long failuresAvoided, long successesLost, long admittedFailures,
                           long waited, long totalWaitNanos, long maxWaitNanos, List<Transition> transitions,
                           int limitMin, int limitMax, int limitLast, int maxInFlight) {

    /** A state change of the breaker at {@code offsetNanos} into the trace. */
    public record Transition(long offsetNanos, BreakerState from, BreakerState to) {
    }

    /** Copies the collections. */
    public ReplayReport {
        notes = List.copyOf(notes);
        refusedBy = Map.copyOf(refusedBy);
        transitions = List.copyOf(transitions);
    }

    /** Calls refused by any layer. */
    public long refused() {
        return refusedBy.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A plain-text report for a terminal. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("rule ").append(rule).append(": ").append(calls).append(" calls replayed\n");
        for (String note : notes) {
            out.append("  note: ").append(note).append('\n');
        }
        out.append(String.format(Locale.ROOT, "  let through  %d (%s), of which %d failed%n", admitted,
                percent(admitted, calls), admittedFailures));
        out.append(String.format(Locale.ROOT, "  refused      %d (%s)", refused(), percent(refused(), calls)));
        if (!refusedBy.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (LayerKind kind : LayerKind.values()) {
                Long n = refusedBy.get(kind);
                if (n != null) {
                    parts.add(kind.key() + " " + n);
                }
            }
            out.append(": ").append(String.join(", ", parts));
        }
        out.append('\n');
        if (fallbacks > 0) {
            out.append("  of those answered with the breaker's fallback: ").append(fallbacks).append('\n');
        }
        out.append(String.format(Locale.ROOT, "  failures avoided %d, successes lost %d%n", failuresAvoided,
                successesLost));
        if (waited > 0) {
            out.append(String.format(Locale.ROOT, "  rate limit waits: %d calls, %.3f ms on average, %.3f ms at most%n",
                    waited, totalWaitNanos / 1e6 / waited, maxWaitNanos / 1e6));
        }
        if (limitMin >= 0) {
            out.append(String.format(Locale.ROOT, "  concurrency limit: %d..%d, %d at the end; at most %d in flight%n",
                    limitMin, limitMax, limitLast, maxInFlight));
        }
        if (!transitions.isEmpty()) {
            out.append("  breaker:\n");
            for (Transition t : transitions) {
                out.append(String.format(Locale.ROOT, "    %12.3f s  %s -> %s%n", t.offsetNanos() / 1e9, t.from(), t.to()));
            }
        }
        return out.toString();
    }

    /** The report as one JSON object. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"rule\":").append(quote(rule)).append(",\"notes\":[");
        for (int i = 0; i < notes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(quote(notes.get(i)));
        }
        out.append("],\"calls\":").append(calls).append(",\"admitted\":").append(admitted)
                .append(",\"admittedFailures\":").append(admittedFailures).append(",\"refused\":{");
        boolean first = true;
        for (LayerKind kind : LayerKind.values()) {
            Long n = refusedBy.get(kind);
            if (n != null) {
                out.append(first ? "" : ",").append(quote(kind.key())).append(':').append(n);
                first = false;
            }
        }
        out.append("},\"fallbacks\":").append(fallbacks).append(",\"failuresAvoided\":").append(failuresAvoided)
                .append(",\"successesLost\":").append(successesLost).append(",\"waited\":").append(waited)
                .append(",\"totalWaitNanos\":").append(totalWaitNanos).append(",\"maxWaitNanos\":").append(maxWaitNanos);
        if (limitMin >= 0) {
            out.append(",\"limit\":{\"min\":").append(limitMin).append(",\"max\":").append(limitMax)
                    .append(",\"last\":").append(limitLast).append(",\"maxInFlight\":").append(maxInFlight).append('}');
        }
        out.append(",\"transitions\":[");
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            out.append(i == 0 ? "" : ",").append("{\"atNanos\":").append(t.offsetNanos()).append(",\"from\":")
                    .append(quote(t.from().name())).append(",\"to\":").append(quote(t.to().name())).append('}');
        }
        return out.append("]}").toString();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    /** Gathers the figures as the replay runs. */
    static final class Builder {
        private final String rule;
        private final List<String> notes;
        private final Map<LayerKind, Long> refusedBy = new EnumMap<>(LayerKind.class);
        private final List<Transition> transitions = new ArrayList<>();
        private long calls;
        private long admitted;
        private long fallbacks;
        private long failuresAvoided;
        private long successesLost;
        private long admittedFailures;
        private long waited;
        private long totalWait;
        private long maxWait;
        private int limitMin = -1;
        private int limitMax = -1;
        private int limitLast = -1;
        private int maxInFlight;

        Builder(String rule, List<String> notes) {
            this.rule = rule;
            this.notes = notes;
        }

        void admitted(long waitNanos) {
            calls++;
            admitted++;
            if (waitNanos > 0) {
                waited++;
                totalWait += waitNanos;
                maxWait = Math.max(maxWait, waitNanos);
            }
        }

        void refused(LayerKind by, boolean withValue, boolean wouldHaveSucceeded) {
            calls++;
            refusedBy.merge(by == null ? LayerKind.METHOD : by, 1L, Long::sum);
            if (withValue) {
                fallbacks++;
            }
            if (wouldHaveSucceeded) {
                successesLost++;
            } else {
                failuresAvoided++;
            }
        }

        void finished(boolean succeeded) {
            if (!succeeded) {
                admittedFailures++;
            }
        }

        void limit(int limit, int inFlight) {
            limitMin = limitMin < 0 ? limit : Math.min(limitMin, limit);
            limitMax = Math.max(limitMax, limit);
            limitLast = limit;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }

        void transition(long offsetNanos, BreakerState from, BreakerState to) {
            transitions.add(new Transition(offsetNanos, from, to));
        }

        ReplayReport build() {
            return new ReplayReport(rule, notes, calls, admitted, refusedBy, fallbacks, failuresAvoided, successesLost,
                    admittedFailures, waited, totalWait, maxWait, transitions, limitMin, limitMax, limitLast,
                    maxInFlight);
        }
    }
}
