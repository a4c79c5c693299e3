package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code leak}: requests remember a new session each in one {@link SessionCache}, paced so the cache grows
 * by {@code kibPerSecond} KiB of payload per second (1024 by default: about 1 MiB/s, so a
 * {@code -Xmx256m} JVM runs for roughly four minutes before it runs out of heap). Reports the payload
 * held as {@code retainedKb}.
 *
 * <p>Each request also builds a short-lived {@value #TRANSIENT_BYTES}-byte response, as a real request
 * would (about 8 MiB/s at the default rate, far below {@code alloc-churn}'s): without that garbage the young
 * generation would fill only every ten seconds or so, and a detector watching heap-after-GC would get too
 * few GCs in a 30 s run to see the trend. The response is built from {@value #CHUNK_BYTES}-byte chunks, as
 * serialisers write it: one large array per request would be allocated outside the thread's TLAB every time,
 * and each such allocation is a sample for JFR's leak profiler, whose queue would then hold short-lived
 * responses rather than the sessions that stay (on JDK 25 it found two or three survivors in 30 s that way).
 */
final class LeakScenario implements Scenario {
    static final int TRANSIENT_BYTES = 8 * SessionCache.ENTRY_BYTES;
    static final int CHUNK_BYTES = 1024;

    private final SessionCache cache = new SessionCache();
    private final AtomicLong nextSession = new AtomicLong();
    private final Pacer pacer;
    // The last response, kept until the next replaces it, so the JIT must really build each one.
    private byte[][] lastResponse;

    LeakScenario(int kibPerSecond) {
        if (kibPerSecond <= 0) {
            throw new IllegalArgumentException("--leak-kib-per-second must be positive: " + kibPerSecond);
        }
        pacer = new Pacer(SessionCache.ENTRY_BYTES * 1_000_000_000L / (kibPerSecond * 1024L));
    }

    @Override
    public void request() {
        pacer.awaitTurn();
        String sessionId = "session-" + nextSession.getAndIncrement();
        cache.remember(sessionId);
        lastResponse = respond(sessionId);
    }

    private static byte[][] respond(String sessionId) {
        byte[][] response = new byte[TRANSIENT_BYTES / CHUNK_BYTES][];
        for (int i = 0; i < response.length; i++) {
            response[i] = new byte[CHUNK_BYTES];
            response[i][sessionId.length()] = 1;
        }
        return response;
    }

    @Override
    public String reportJson() {
        return ",\"retainedKb\":" + cache.retainedBytes() / 1024;
    }
}
