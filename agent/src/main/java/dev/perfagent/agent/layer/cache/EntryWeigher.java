package dev.perfagent.agent.layer.cache;

import com.github.benmanes.caffeine.cache.Weigher;
import dev.perfagent.bootstrap.Outcome;

/**
 * The weight of an entry for {@code max-weight}: the {@link RetainedSizeEstimator estimated} bytes of its key
 * (which owns copies of array arguments) and of its value, capped at {@link Integer#MAX_VALUE}.
 */
final class EntryWeigher implements Weigher<Object, Object> {

    @Override
    public int weigh(Object key, Object stored) {
        long valueBytes;
        if (stored instanceof CacheEntry) {
            valueBytes = ((CacheEntry) stored).estimateBytes();
        } else if (stored instanceof FrontEntry) {
            valueBytes = 24 + CacheEntry.estimateBytes(((FrontEntry) stored).outcome());
        } else {
            valueBytes = CacheEntry.estimateBytes((Outcome) stored);
        }
        return (int) Math.min(Integer.MAX_VALUE, keyBytes(key) + valueBytes);
    }

    static long keyBytes(Object key) {
        if (!(key instanceof ArgumentsKey)) {
            return RetainedSizeEstimator.estimate(key);
        }
        ArgumentsKey arguments = (ArgumentsKey) key;
        // The key object, its weak receiver reference, and the array of its arguments after the first two.
        int size = arguments.size();
        long bytes = 40 + (arguments.weakReceiver() ? 32 : 0) + (size > 2 ? 16 + 4L * (size - 2) : 0);
        for (int i = 0; i < size; i++) {
            bytes += RetainedSizeEstimator.estimate(arguments.part(i));
        }
        return bytes;
    }
}
