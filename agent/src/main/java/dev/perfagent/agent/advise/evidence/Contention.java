package dev.perfagent.agent.advise.evidence;

import java.util.HashMap;
import java.util.Map;

/**
 * Threads waiting for each other over the window: blocked entering a {@code synchronized} monitor
 * ({@code jdk.JavaMonitorEnter}) and parked on a {@code java.util.concurrent} lock or condition
 * ({@code jdk.ThreadPark}), with idle pool workers waiting for work left out. Each wait is keyed by
 * the lock's class and, under it, by the application frame that waited.
 *
 * @param monitors per monitor class, the waits per waiting frame
 * @param parks per parked-on class ({@code parkedClass}, {@code <none>} when not given), the parks per
 *     parking frame
 * @param idleParks parks left out as idle pool waits (or waits of JFR's and the agent's threads, or in the
 *     agent's code)
 */
public record Contention(Map<String, Map<String, DurationStat>> monitors,
        Map<String, Map<String, DurationStat>> parks, long idleParks) {
    /** No waits. */
    public static final Contention NONE = new Contention(Map.of(), Map.of(), 0);

    /** Copies the maps. */
    public Contention {
        monitors = copy(monitors);
        parks = copy(parks);
    }

    /** All waits on one lock class, summed over its sites. */
    public static DurationStat sum(Map<String, DurationStat> sites) {
        long count = 0;
        long nanos = 0;
        long max = 0;
        for (DurationStat stat : sites.values()) {
            count += stat.count();
            nanos += stat.totalNanos();
            max = Math.max(max, stat.maxNanos());
        }
        return new DurationStat(count, nanos, max, 0);
    }

    /** The site that waited longest in all, or {@code null}. */
    public static String topSite(Map<String, DurationStat> sites) {
        return sites.entrySet().stream()
                .max(Map.Entry.<String, DurationStat>comparingByValue(
                        (a, b) -> Long.compare(a.totalNanos(), b.totalNanos())).thenComparing(Map.Entry.comparingByKey(
                                (a, b) -> b.compareTo(a))))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static Map<String, Map<String, DurationStat>> copy(Map<String, Map<String, DurationStat>> map) {
        Map<String, Map<String, DurationStat>> copy = new HashMap<>();
        map.forEach((key, sites) -> copy.put(key, Map.copyOf(sites)));
        return Map.copyOf(copy);
    }
}
