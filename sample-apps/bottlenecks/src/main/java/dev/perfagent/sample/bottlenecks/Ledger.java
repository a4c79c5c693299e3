package dev.perfagent.sample.bottlenecks;

/**
 * The {@code monitor-convoy} bottleneck: {@link #post(long)} is {@code synchronized} and holds the monitor
 * for about {@code holdNanos} (1 ms in the app) on every call, so request threads queue on the Ledger's
 * monitor.
 *
 * <p>The hold is real CPU work (re-auditing the ledger's entries until the hold time is up), not a sleep:
 * the owner is visibly running inside {@code post} while the others are blocked entering it, which is
 * the textbook convoy, and bounding the work by a deadline keeps the hold near 1 ms on any machine
 * where a fixed amount of work would not. Its CPU cost is at most one core (one holder at a time), far
 * below the blocked time of the waiting threads.
 */
public final class Ledger {
    private static final int CAPACITY = 1024;

    private final long holdNanos;
    private final long[] entries = new long[CAPACITY]; // guarded by this
    private int next; // guarded by this
    private long balance; // guarded by this
    // Written by every post so the audit cannot be optimised away.
    private long auditDigest; // guarded by this

    /** A ledger whose every post holds its monitor for about {@code holdNanos}. */
    public Ledger(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** Records {@code amount} and returns the balance after it. */
    public synchronized long post(long amount) {
        entries[next] = amount;
        next = (next + 1) % CAPACITY;
        balance += amount;
        // Audit: digest every entry, again and again until the hold time is up (at least once).
        long deadline = System.nanoTime() + holdNanos;
        long digest;
        do {
            digest = balance;
            for (long entry : entries) {
                digest = (digest ^ entry) * 0x9E3779B97F4A7C15L;
            }
        } while (System.nanoTime() < deadline);
        auditDigest = digest;
        return balance;
    }

    /** The balance: the sum of all amounts posted. */
    public synchronized long balance() {
        return balance;
    }
}
