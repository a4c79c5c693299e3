package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.DurationStat;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Threads blocked in socket or file IO, per {@code host:port} or path. JFR records only calls slower
 * than the event's threshold (20 ms by default), so the figures are about the slow calls, which are the
 * ones worth removing.
 */
public final class SlowIoDetector implements Detector {
    /** Fewer slow calls than this to one endpoint are anecdotes. */
    static final long MIN_EVENTS = 3;
    /** JMC SocketReadRule: {@code io.socket.read.info.limit} 275 ms, {@code .warning.limit} 2000 ms (longest read). */
    static final long SLOW_CALL_NANOS = 275_000_000L;
    static final long VERY_SLOW_CALL_NANOS = 2_000_000_000L;
    static final double INFO_THREADS = 0.05;
    static final double WARNING_THREADS = 0.25;
    /** The hit rate assumed for the predicted gain of caching the calls. */
    static final double ASSUMED_HIT_RATE = 0.5;
    private static final int MAX_FINDINGS = 5;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        consider(evidence, evidence.io().socketByEndpoint(), true, found);
        consider(evidence, evidence.io().fileByPath(), false, found);
        found.sort(Comparator.comparingDouble((Recommendation r) -> -r.evidence().get(0).value()));
        return found.size() > MAX_FINDINGS ? found.subList(0, MAX_FINDINGS) : found;
    }

    private static void consider(WindowEvidence evidence, Map<String, DurationStat> targets, boolean socket,
            List<Recommendation> found) {
        for (Map.Entry<String, DurationStat> target : targets.entrySet()) {
            DurationStat io = target.getValue();
            double threads = io.totalNanos() / (double) evidence.lengthNanos();
            if (io.count() < MIN_EVENTS) {
                continue;
            }
            Severity severity;
            if (io.maxNanos() >= VERY_SLOW_CALL_NANOS || threads >= 1) {
                severity = Severity.CRITICAL;
            } else if (io.maxNanos() >= SLOW_CALL_NANOS || threads >= WARNING_THREADS) {
                severity = Severity.WARNING;
            } else if (threads >= INFO_THREADS) {
                severity = Severity.INFO;
            } else {
                continue;
            }
            List<Evidence> figures = List.of(
                    Evidence.of("threads blocked in IO on average", FigureText.round3(threads), "threads"),
                    Evidence.of("slow calls", io.count(), "calls"),
                    Evidence.of("mean call", round1(io.meanNanos() / 1e6), "ms"),
                    Evidence.of("longest call", round1(io.maxNanos() / 1e6), "ms"),
                    Evidence.of("bytes moved", io.bytes(), "bytes"));
            String action = socket
                    ? "Calls to " + target.getKey() + " block for " + FigureText.millis(io.meanNanos()) + " on"
                            + " average. Put a timeout and a circuit breaker on the client method, cache answers"
                            + " that repeat (a cache: rule on that method), or batch and parallelise the calls."
                    : "Reading or writing " + target.getKey() + " blocks for " + FigureText.millis(io.meanNanos())
                            + " on average. Buffer it, move it off the request path, or keep it in memory.";
            double saved = io.meanNanos() * ASSUMED_HIT_RATE;
            found.add(Recommendation.of(socket ? "slow-socket-io" : "slow-file-io", severity, target.getKey(),
                    figures, action, null, new PredictedGain(round1(saved / 1e6), "ms per call",
                            String.format(Locale.ROOT, "-%.1f ms per call at a 50%% cache hit rate", saved / 1e6),
                            "saved per call = hit rate x mean blocked time of the slow calls (hit rate 0.5)")));
        }
    }
}
