package dev.perfagent.agent.config;

/**
 * A rule's {@code observe-keys} layer: the argument keys of its calls go to a shadow cache (key hashes only),
 * so the advisor can predict the hit ratio a real cache would have before anyone configures one.
 *
 * @param maxSize    the {@code max-size} of the cache the prediction is for
 * @param sampleRate the share of the key space observed, in (0, 1]: 1 watches every key; less cuts the cost
 *     per call and the shadow's memory for large key spaces (the hit ratio stays unbiased)
 * @param shared     as a cache's {@code shared}: false (the default) keys each receiver apart
 */
public record ObserveKeysConfig(int maxSize, double sampleRate, boolean shared) {
    /** The default {@code max-size}. */
    public static final int DEFAULT_MAX_SIZE = 1000;

    /** Checks the values. */
    public ObserveKeysConfig {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max-size " + maxSize + " < 1");
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("key-sample " + sampleRate + " not in (0, 1]");
        }
    }
}
