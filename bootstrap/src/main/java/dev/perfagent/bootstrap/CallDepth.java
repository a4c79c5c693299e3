package dev.perfagent.bootstrap;

/**
 * Per-thread depth of woven calls, per site, so that a call nested inside another call of the same
 * site on the same thread (recursion, an overriding method calling {@code super}) is counted once.
 *
 * <p>Lives in the bootstrap class loader on purpose: instances sit in application threads'
 * ThreadLocal maps, and a value class from the agent's own loader there would keep that loader
 * alive after detach.
 */
final class CallDepth {
    private int[] depth = new int[64];

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

    private int[] grow(int site) {
        int[] bigger = new int[Math.max(site + 1, depth.length * 2)];
        System.arraycopy(depth, 0, bigger, 0, depth.length);
        depth = bigger;
        return bigger;
    }
}
