package dev.perfagent.agent.advise.evidence;

import java.util.Map;

/**
 * Throwables over the window. The JDK's default settings record only {@code jdk.ExceptionStatistics}
 * (a running count, no stacks) and {@code jdk.JavaErrorThrow}; {@code jdk.JavaExceptionThrow}, with a
 * stack per throw, only when turned on.
 *
 * @param statisticsCount throwables counted by {@code jdk.ExceptionStatistics} between its first and
 *     last reading, -1 with fewer than two readings
 * @param thrownEvents {@code jdk.JavaExceptionThrow} events
 * @param errors {@code jdk.JavaErrorThrow} events
 * @param bySite throws per throwing frame (the first frame outside the throwable's constructors)
 * @param byClass throws per throwable class
 * @param bySampledSite CPU samples inside {@code Throwable.fillInStackTrace} per application frame that threw:
 *     where the throws come from when only errors are recorded as events (the default settings)
 */
public record Exceptions(long statisticsCount, long thrownEvents, long errors, Map<String, Long> bySite,
        Map<String, Long> byClass, Map<String, Long> bySampledSite) {
    /** Nothing thrown. */
    public static final Exceptions NONE = new Exceptions(-1, 0, 0, Map.of(), Map.of(), Map.of());

    /** Copies the maps. */
    public Exceptions {
        bySite = Map.copyOf(bySite);
        byClass = Map.copyOf(byClass);
        bySampledSite = Map.copyOf(bySampledSite);
    }

    /** Without CPU-sampled throw sites. */
    public Exceptions(long statisticsCount, long thrownEvents, long errors, Map<String, Long> bySite,
                      Map<String, Long> byClass) {
        this(statisticsCount, thrownEvents, errors, bySite, byClass, Map.of());
    }

    /** Throwables in the window: the statistics' count when there is one, else the events. */
    public long count() {
        return statisticsCount >= 0 ? Math.max(statisticsCount, thrownEvents) : Math.max(thrownEvents, errors); // an Error fires both events when both are on
    }
}
