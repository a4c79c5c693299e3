package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.log.AgentLog;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shadow predicts the hit ratio a real Caffeine cache of the proposed size has on the same keys. */
class ShadowCacheTest {
    private static final int KEYS = 100_000;
    private static final int CALLS = 300_000;
    private static final int SIZE = 2000;

    /** Keys drawn with probability proportional to 1/rank (Zipf, s = 1), from a fixed seed. */
    private static int[] zipfStream(long seed) {
        double[] cdf = new double[KEYS];
        double sum = 0;
        for (int rank = 1; rank <= KEYS; rank++) {
            sum += 1.0 / rank;
            cdf[rank - 1] = sum;
        }
        Random random = new Random(seed);
        int[] stream = new int[CALLS];
        for (int i = 0; i < CALLS; i++) {
            int found = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            stream[i] = found >= 0 ? found : -found - 1;
        }
        return stream;
    }

    /** The hit ratio of a real cache of {@code SIZE} entries on the stream. */
    private static double caffeineHitRatio(int[] stream) {
        Cache<Integer, Boolean> cache = Caffeine.newBuilder().maximumSize(SIZE).executor(Runnable::run).build();
        long hits = 0;
        for (int key : stream) {
            if (cache.getIfPresent(key) != null) {
                hits++;
            } else {
                cache.put(key, Boolean.TRUE);
            }
        }
        return (double) hits / stream.length;
    }

    private static double shadowHitRatio(int[] stream, double rate) {
        KeyObserver observer = new KeyObserver("app.Service#embed(java.lang.String)", new ShadowCache(SIZE, rate),
                false, AgentLog.toStderr(AgentLog.Level.ERROR));
        for (int key : stream) {
            observer.observe(null, new Object[] {"text-" + key});
        }
        return observer.figures().hitRatio();
    }

    @Test
    void aFullShadowMatchesCaffeineOnAZipfStream() {
        int[] stream = zipfStream(7);
        double real = caffeineHitRatio(stream);
        double shadow = shadowHitRatio(stream, 1.0);
        assertTrue(real > 0.3 && real < 0.9, "the stream should neither always nor never hit: " + real);
        assertEquals(real, shadow, 0.02, "shadow " + shadow + " vs Caffeine " + real);
    }

    @Test
    void aTenthOfTheKeySpaceInATenthOfTheSizePredictsTheSameRatio() {
        int[] stream = zipfStream(11);
        double real = caffeineHitRatio(stream);
        double sampled = shadowHitRatio(stream, 0.1);
        assertEquals(real, sampled, 0.06, "sampled shadow " + sampled + " vs Caffeine " + real);
    }

    @Test
    void sampledKeysAreLookedUpOnEveryCallAndOthersNever() {
        ShadowCache shadow = new ShadowCache(100, 0.25);
        long sampledKeys = 0;
        for (long key = 0; key < 4000; key++) {
            long hash = KeyHash.mix(key);
            boolean inSample = shadow.sampled(hash);
            sampledKeys += inSample ? 1 : 0;
            assertFalse(shadow.offer(hash));
            assertEquals(inSample, shadow.offer(hash), "a sampled key hits on its second call; others never count");
        }
        assertEquals(1000, sampledKeys, 100, "about a quarter of the keys");
        assertEquals(2 * sampledKeys, shadow.figures().lookups());
    }

    @Test
    void itRefusesSizesAndRatesThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ShadowCache(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ShadowCache(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShadowCache(10, 1.5));
    }
}
