package dev.perfagent.sample.bottlenecks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code leak} bottleneck: {@link #remember(String)} stores a new {@value #ENTRY_BYTES}-byte entry per
 * session and nothing ever removes one, so the heap still in use after each GC grows for as long as the app
 * runs. One instance lives as long as the app (the classic "static cache" leak, held by the scenario
 * rather than a static field so tests get a fresh one).
 */
public final class SessionCache {
    /** Payload bytes per remembered session. */
    public static final int ENTRY_BYTES = 4096;

    private final Map<String, byte[]> sessions = new ConcurrentHashMap<>();

    /** Remembers {@code sessionId} with a fresh payload (replacing an earlier one); returns the entry count. */
    public int remember(String sessionId) {
        byte[] payload = new byte[ENTRY_BYTES];
        // Filled so the pages are really touched, as real session state would be.
        Arrays.fill(payload, (byte) sessionId.length());
        sessions.put(sessionId, payload);
        return sessions.size();
    }

    /** How many sessions are remembered. */
    public int size() {
        return sessions.size();
    }

    /** The payload bytes held (entries times {@link #ENTRY_BYTES}; map overhead not counted). */
    public long retainedBytes() {
        return (long) sessions.size() * ENTRY_BYTES;
    }
}
