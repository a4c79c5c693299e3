package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionCacheTest {

    @Test
    void rememberKeepsEverySessionAndNeverForgets() {
        SessionCache cache = new SessionCache();
        for (int i = 1; i <= 100; i++) {
            assertEquals(i, cache.remember("session-" + i));
        }
        assertEquals(100, cache.size());
        assertEquals(100L * SessionCache.ENTRY_BYTES, cache.retainedBytes());
    }

    @Test
    void rememberingASessionAgainReplacesItsEntry() {
        SessionCache cache = new SessionCache();
        cache.remember("a");
        assertEquals(1, cache.remember("a"));
    }
}
