package dev.perfagent.sample.bottlenecks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code reentrant-lock} bottleneck: {@link #update(String)} takes one (non-fair)
 * {@link ReentrantLock} and holds it for about {@code holdNanos} (1 ms in the app), so request threads
 * park on the lock's {@code ReentrantLock$NonfairSync}. As in {@link Ledger}, the hold is CPU work bounded
 * by a deadline (re-indexing the sessions), not a sleep.
 */
public final class SessionTable {
    private final long holdNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> visits = new HashMap<>(); // guarded by lock
    private long touches; // guarded by lock
    // Written by every update so the re-index cannot be optimised away.
    private long expiryDigest; // guarded by lock

    /** A table whose every update holds its lock for about {@code holdNanos}. */
    public SessionTable(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** Counts a visit of {@code sessionId}; returns its visits so far. */
    public long update(String sessionId) {
        lock.lock();
        try {
            touches++;
            long seenTimes = visits.merge(sessionId, 1L, Long::sum);
            // Re-index all sessions until the hold time is up (at least once).
            long deadline = System.nanoTime() + holdNanos;
            long digest;
            do {
                digest = touches;
                for (Map.Entry<String, Long> session : visits.entrySet()) {
                    digest = (digest ^ session.getKey().hashCode() ^ session.getValue()) * 0x9E3779B97F4A7C15L;
                }
            } while (System.nanoTime() < deadline);
            expiryDigest = digest;
            return seenTimes;
        } finally {
            lock.unlock();
        }
    }

    /** How many sessions the table holds. */
    public int size() {
        lock.lock();
        try {
            return visits.size();
        } finally {
            lock.unlock();
        }
    }
}
