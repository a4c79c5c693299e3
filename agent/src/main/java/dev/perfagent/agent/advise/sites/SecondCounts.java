package dev.perfagent.agent.advise.sites;

/**
 * What one site did in one second of the window: the calls that completed, how many of them threw, and how
 * many were slower than the site's latency objective.
 *
 * @param calls completed calls
 * @param errors calls that ended with an exception
 * @param slow calls slower than the site's SLO (0 when it has none)
 */
public record SecondCounts(long calls, long errors, long slow) {
    /** A second with nothing in it. */
    public static final SecondCounts NONE = new SecondCounts(0, 0, 0);

    /** The share of the second's calls that threw, 0 without calls. */
    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }

    /** The share of the second's calls that were slow, 0 without calls. */
    public double slowRate() {
        return calls == 0 ? 0 : (double) slow / calls;
    }
}
