package dev.perfagent.bootstrap;

/**
 * Per-thread depth of woven calls, per site, so that a call nested inside another call of the same
 * site on the same thread (recursion, an overriding method calling {@code super}) is counted once; and the
 * timing token of a site's outermost call that a layer answered with a (shared) {@link Outcome}, which
 * cannot carry it.
 *
 * <p>Lives in the bootstrap class loader on purpose: instances sit in application threads'
 * ThreadLocal maps, and a value class from the agent's own loader there would keep that loader
 * alive after detach.
 */
final class CallDepth {
    private int[] depth = new int[64];
    private long[] tokens = new long[64];

    /** @return true when this is the outermost call of {@code site} on this thread */
    boolean enter(int site) {
        int[] d = depth;
        if (site >= d.length) {
            d = grow(site);
        }
        return d[site]++ == 0;
    }

    void exit(int site) {
        int[] d = depth;
        if (site < d.length && d[site] > 0) {
            d[site]--;
        }
    }

    /** Keeps the token of the outermost call of {@code site} (entered, not yet exited) for its exit. */
    void token(int site, long token) {
        tokens[site] = token; // enter(site) has grown the arrays past site
    }

    /** The token {@link #token(int, long)} kept for the outermost call of {@code site}. */
    long token(int site) {
        return site < tokens.length ? tokens[site] : Hooks.UNTRACKED;
    }

    private int[] grow(int site) {
        int size = Math.max(site + 1, depth.length * 2);
        int[] bigger = new int[size];
        System.arraycopy(depth, 0, bigger, 0, depth.length);
        long[] moreTokens = new long[size];
        System.arraycopy(tokens, 0, moreTokens, 0, tokens.length);
        depth = bigger;
        tokens = moreTokens;
        return bigger;
    }
}
