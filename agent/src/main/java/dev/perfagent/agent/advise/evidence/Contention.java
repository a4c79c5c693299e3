package dev.perfagent.agent.advise.evidence;

import java.util.Map;

/**
 * Threads waiting for each other over the window: blocked entering a {@code synchronized} monitor
 * ({@code jdk.JavaMonitorEnter}) and parked on a {@code java.util.concurrent} lock or condition
 * ({@code jdk.ThreadPark}), with idle pool workers waiting for work left out.
 *
 * @param monitorByClass monitor waits per monitor class
 * @param monitorBySite monitor waits per application frame that asked for the monitor
 * @param parkByClass parks per parked-on class ({@code parkedClass}, or {@code <none>})
 * @param parkBySite parks per application frame that parked
 * @param idleParks parks left out as idle pool waits
 */
public record Contention(Map<String, DurationStat> monitorByClass, Map<String, DurationStat> monitorBySite,
        Map<String, DurationStat> parkByClass, Map<String, DurationStat> parkBySite, long idleParks) {
    /** No waits. */
    public static final Contention NONE = new Contention(Map.of(), Map.of(), Map.of(), Map.of(), 0);

    /** Copies the maps. */
    public Contention {
        monitorByClass = Map.copyOf(monitorByClass);
        monitorBySite = Map.copyOf(monitorBySite);
        parkByClass = Map.copyOf(parkByClass);
        parkBySite = Map.copyOf(parkBySite);
    }
}
