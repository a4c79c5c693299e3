package dev.perfagent.agent.advise.evidence;

import java.util.HashMap;
import java.util.Map;

/** Per-key {@link DurationStat}s being summed up; not thread-safe. */
final class StatTable {
    private final Map<String, DurationStat> stats = new HashMap<>();

    void add(String key, long nanos, long bytes) {
        stats.merge(key, DurationStat.NONE.plus(nanos, bytes),
                (old, one) -> old.plus(one.totalNanos(), one.bytes()));
    }

    Map<String, DurationStat> snapshot() {
        return Map.copyOf(stats);
    }
}
