package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code leak}: requests remember a new session each in one {@link SessionCache}, paced so the cache grows
 * by {@code kibPerSecond} KiB of payload per second (1024 by default: about 1 MiB/s, so a
 * {@code -Xmx256m} JVM runs for roughly four minutes before it runs out of heap). Reports the payload
 * held as {@code retainedKb}.
 */
final class LeakScenario implements Scenario {
    private final SessionCache cache = new SessionCache();
    private final AtomicLong nextSession = new AtomicLong();
    private final Pacer pacer;

    LeakScenario(int kibPerSecond) {
        if (kibPerSecond <= 0) {
            throw new IllegalArgumentException("--leak-kib-per-second must be positive: " + kibPerSecond);
        }
        pacer = new Pacer(SessionCache.ENTRY_BYTES * 1_000_000_000L / (kibPerSecond * 1024L));
    }

    @Override
    public void request() {
        pacer.awaitTurn();
        cache.remember("session-" + nextSession.getAndIncrement());
    }

    @Override
    public String reportJson() {
        return ",\"retainedKb\":" + cache.retainedBytes() / 1024;
    }
}
