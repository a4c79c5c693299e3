package dev.perfagent.agent.advise.sites;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cache that holds only key hashes, to predict the hit ratio a real cache of a proposed size would have on
 * the keys a site sees, before anyone turns it on. It is a Caffeine cache with the same eviction policy
 * (W-TinyLFU) as the cache layer, so the prediction is for the policy the agent would really use.
 *
 * <p>It samples the key <em>space</em>, not the calls: a key is looked up if its hash falls in a fixed share
 * {@code sampleRate} of all hashes, and then on every call that carries it; the shadow's size is the proposed
 * size times that share. Every reuse of a sampled key is seen, and the distance between reuses shrinks by the
 * same share as the cache, so the sampled hit ratio estimates the full one (the SHARDS method, Waldspurger et
 * al., FAST '15). Sampling calls instead would break up the reuses and under-predict.
 *
 * <p>Thread-safe; {@link #offer} takes no lock of its own (Caffeine's buffers absorb concurrent reads).
 * Caffeine's maintenance runs on the calling thread, so the shadow starts no thread and its size bound holds
 * at once.
 */
public final class ShadowCache {
    /** Hashes are compared to a threshold on their top bits: 2^24 steps of sample rate are fine enough. */
    private static final int RATE_BITS = 24;

    private final Cache<Long, Boolean> keys;
    private final long proposedSize;
    private final double sampleRate;
    private final long threshold;
    private final LongAdder lookups = new LongAdder();
    private final LongAdder hits = new LongAdder();

    /**
     * A shadow of a cache of {@code proposedSize} entries.
     *
     * @param proposedSize the {@code max-size} of the cache it stands for, at least 1
     * @param sampleRate the share of the key space looked up, in (0, 1]; the shadow holds
     *     {@code proposedSize * sampleRate} hashes (at least 1)
     */
    public ShadowCache(long proposedSize, double sampleRate) {
        if (proposedSize < 1) {
            throw new IllegalArgumentException("proposed size " + proposedSize + " < 1");
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " not in (0, 1]");
        }
        this.proposedSize = proposedSize;
        this.sampleRate = sampleRate;
        this.threshold = Math.round(sampleRate * (1L << RATE_BITS));
        this.keys = Caffeine.newBuilder()
                .maximumSize(Math.max(1, Math.round(proposedSize * sampleRate)))
                .executor(Runnable::run)
                .build();
    }

    /**
     * One call's key: looked up (and then held) if it falls in the sample.
     *
     * @param keyHash a well-mixed 64-bit hash of the key (see {@link KeyHash})
     * @return whether the shadow held the key (false too when it is not sampled)
     */
    public boolean offer(long keyHash) {
        if (!sampled(keyHash)) {
            return false;
        }
        lookups.increment();
        if (keys.getIfPresent(keyHash) != null) {
            hits.increment();
            return true;
        }
        keys.put(keyHash, Boolean.TRUE);
        return false;
    }

    /** Whether a key with this hash is in the sample. */
    boolean sampled(long keyHash) {
        return (keyHash >>> (Long.SIZE - RATE_BITS)) < threshold;
    }

    /** The lookups and hits since the shadow was made; monotonic. */
    public ShadowCacheFigures figures() {
        // Hits first: a concurrent lookup may then add to lookups only, never give hits > lookups.
        long h = hits.sum();
        return new ShadowCacheFigures(Math.max(h, lookups.sum()), h, proposedSize, sampleRate);
    }

    /** The proposed cache size the shadow stands for. */
    public long proposedSize() {
        return proposedSize;
    }
}
