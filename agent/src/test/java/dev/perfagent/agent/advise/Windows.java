package dev.perfagent.agent.advise;

import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.DurationStat;
import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Hand-built evidence for the detector tests. */
final class Windows {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Windows() {
    }

    /** An empty window of the given length on 4 CPUs. */
    static WindowEvidence of(Duration length) {
        return WindowEvidence.empty(T0, T0.plus(length), 4);
    }

    /** CPU samples: each pair is (count, stack leaf first, frames separated by ' < '). */
    static CpuProfile cpu(Object... countsAndStacks) {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < countsAndStacks.length; i += 2) {
            accumulator.addCpuSample(List.of(((String) countsAndStacks[i + 1]).split(" < ")),
                    ((Number) countsAndStacks[i]).longValue());
        }
        return accumulator.snapshot().cpu();
    }

    /** {@code count} events of {@code eachMillis} each. */
    static DurationStat events(long count, double eachMillis) {
        long nanos = Math.round(eachMillis * 1e6);
        return new DurationStat(count, count * nanos, nanos, 0);
    }

    static List<Recommendation> ofKind(List<Recommendation> found, String kind) {
        return found.stream().filter(r -> r.kind().equals(kind)).toList();
    }
}
