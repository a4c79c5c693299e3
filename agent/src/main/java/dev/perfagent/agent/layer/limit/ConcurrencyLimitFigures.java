package dev.perfagent.agent.layer.limit;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.export.LayerFigure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A limiter's numbers and words in the exporters' shape ({@code perfagent_concurrency_limit_<name>}): the limit,
 * calls in flight and waiting, refusals, waits, drops, the algorithm's RTT estimates and, when partitioned, each
 * partition's guarantee, calls in flight and refusals; and as states the algorithm with its parameters.
 */
final class ConcurrencyLimitFigures {
    private static final double NANOS_PER_SECOND = 1e9;

    private final ConcurrencyLimiter limiter;
    private final int partitionBy;
    private final DroppedExceptions droppedOn;

    ConcurrencyLimitFigures(ConcurrencyLimiter limiter, int partitionBy, DroppedExceptions droppedOn) {
        this.limiter = limiter;
        this.partitionBy = partitionBy;
        this.droppedOn = droppedOn;
    }

    List<LayerFigure> figures() {
        List<LayerFigure> figures = new ArrayList<>();
        figures.add(LayerFigure.gauge("limit", "The concurrency limit now.", limiter.limit()));
        figures.add(LayerFigure.gauge("in_flight", "Calls holding a permit now.", limiter.inFlight()));
        figures.add(LayerFigure.gauge("waiting", "Calls waiting for room now.", limiter.waiting()));
        figures.add(LayerFigure.counter("waited", "Calls that had to wait for room, admitted or not.",
                limiter.waited()));
        figures.add(LayerFigure.counter("wait_seconds", "Time calls spent waiting for room, all together.",
                limiter.waitNanos() / NANOS_PER_SECOND));
        figures.add(LayerFigure.counter("drops", "Calls that ended in an exception named in dropped-on.",
                limiter.drops()));
        for (Map.Entry<String, Double> estimate : limiter.rttEstimates().entrySet()) {
            figures.add(new LayerFigure("rtt_seconds", LayerFigure.Type.GAUGE,
                    "The limit algorithm's round-trip-time estimates (short: latest, long: long-term average,"
                            + " min: no-load minimum).",
                    Map.of("kind", estimate.getKey()), estimate.getValue() / NANOS_PER_SECOND));
        }
        if (partitionBy < 0) {
            figures.add(LayerFigure.counter("rejected", "Calls refused by the concurrency limit.", limiter.rejected()));
            return figures;
        }
        for (ConcurrencyLimiter.PartitionSnapshot partition : limiter.partitions()) {
            Map<String, String> label = Map.of("partition", partition.name());
            figures.add(new LayerFigure("rejected", LayerFigure.Type.COUNTER,
                    "Calls refused by the concurrency limit.", label, partition.rejected()));
            figures.add(new LayerFigure("partition_guaranteed", LayerFigure.Type.GAUGE,
                    "Calls the partition may have in flight even when the limit is reached.", label,
                    partition.guaranteed()));
            figures.add(new LayerFigure("partition_in_flight", LayerFigure.Type.GAUGE,
                    "The partition's calls holding a permit now.", label, partition.inFlight()));
        }
        return figures;
    }

    Map<String, String> states() {
        LimiterSettings settings = limiter.settings();
        Map<String, String> states = new LinkedHashMap<>();
        states.put("algorithm", settings.algorithm().kind().key());
        // The fixed algorithm's one parameter, limit, is also the gauge of the limit now (the same number). /status
        // and /history leave out a figure named like a state, so as a state it hid that number from the dashboard's
        // usage bar ("N in flight of M") and its limit line; the gauge says it.
        settings.algorithm().parameters().forEach((name, value) -> {
            if (!name.equals("limit")) {
                states.put(name, value);
            }
        });
        states.put("when-limited", settings.whenLimited().name().toLowerCase(Locale.ROOT));
        if (settings.whenLimited() == WhenLimited.WAIT) {
            states.put("max-wait", duration(settings.maxWait()));
        }
        if (partitionBy >= 0) {
            states.put("partition.by", Integer.toString(partitionBy));
            StringBuilder shares = new StringBuilder();
            for (ConcurrencyLimiter.PartitionSnapshot partition : limiter.partitions()) {
                shares.append(shares.length() == 0 ? "" : ", ").append(partition.name()).append('=')
                        .append(partition.percent()).append('%');
            }
            states.put("partition.shares", shares.toString());
        }
        if (!droppedOn.names().isEmpty()) {
            states.put("dropped-on", String.join(", ", new TreeSet<>(droppedOn.names())));
        }
        if (limiter.closed()) {
            states.put("state", "closed");
        }
        return states;
    }

    /** A duration as the config writes it: {@code 250ms}, {@code 2s}, {@code 1500us}. */
    static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
