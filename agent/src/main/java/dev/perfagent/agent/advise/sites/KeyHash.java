package dev.perfagent.agent.advise.sites;

import java.util.Arrays;

/**
 * A 64-bit hash of a call's cache key, by content as the cache layer compares keys: arrays element by element
 * (nested too), other arguments by their own {@code hashCode}, the receiver, when it is part of the key, by
 * identity. The 32-bit content hash is spread over 64 bits (MurmurHash3's finaliser) so that its top bits,
 * which the {@link ShadowCache} samples on, are as random as the bottom ones.
 */
public final class KeyHash {
    private KeyHash() {
    }

    /**
     * The hash of a call's key.
     *
     * @param receiver the receiver when it is part of the key (null for a static method), else ignored
     * @param withReceiver whether the receiver is part of the key
     * @param args the arguments (may contain arrays and nulls)
     */
    static long of(Object receiver, boolean withReceiver, Object[] args) {
        long content = Arrays.deepHashCode(args) & 0xffffffffL;
        long self = withReceiver ? System.identityHashCode(receiver) : 0;
        return mix((self << 32) ^ content ^ ((long) args.length << 56));
    }

    /** MurmurHash3's 64-bit finaliser: every input bit changes about half the output bits. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
