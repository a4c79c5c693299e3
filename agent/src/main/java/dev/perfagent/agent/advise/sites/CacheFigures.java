package dev.perfagent.agent.advise.sites;

/**
 * A cache layer's lookups over the window.
 *
 * @param hits calls the cache answered
 * @param misses calls that ran the method
 */
public record CacheFigures(long hits, long misses) {
    /** Hits and misses. */
    public long lookups() {
        return hits + misses;
    }

    /** Hits over lookups, 0 without lookups. */
    public double hitRatio() {
        return lookups() == 0 ? 0 : (double) hits / lookups();
    }
}
