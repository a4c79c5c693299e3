package dev.perfagent.agent.advise.sites;

/**
 * What a {@link ShadowCache} of a proposed size saw over the window: the sampled lookups of the site's
 * argument keys and how many it would have answered.
 *
 * @param lookups sampled calls whose key the shadow looked up
 * @param hits lookups whose key the shadow held
 * @param proposedSize the cache size the shadow stands for ({@code max-size} of the proposed rule)
 * @param sampleRate the share of the key space the shadow samples, in (0, 1]
 */
public record ShadowCacheFigures(long lookups, long hits, long proposedSize, double sampleRate) {
    /** Hits over lookups, 0 without lookups. */
    public double hitRatio() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
