package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache layer's front table: it answers only what Caffeine holds, and keeps Caffeine's hit ratio. */
class FrontTableTest {
    private final ManualTicker ticker = new ManualTicker();
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
    private final List<CacheLayer> layers = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    @AfterEach
    void close() {
        layers.forEach(CacheLayer::close);
    }

    private CacheLayer layer(CacheSettings settings, String... parameterTypes) {
        CacheLayer layer = new CacheLayer(settings, target(parameterTypes), ticker, log);
        layers.add(layer);
        return layer;
    }

    private WovenMethod counting(CacheLayer layer) {
        return new WovenMethod((self, args) -> Arrays.deepToString(args) + "#" + counter.incrementAndGet(), layer);
    }

    /** The entry the front table holds for a lone key argument, or null. */
    private static FrontEntry slotOf(CacheLayer layer, Object key) {
        int hash = FrontTable.spread(key.hashCode());
        for (FrontEntry entry : new FrontEntry[] {layer.front().slot(hash), layer.front().pairedSlot(hash)}) {
            if (entry != null && entry.key().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void onlyCachesWithoutAClockHaveAFrontTable() {
        CacheLayer small = layer(CacheSettings.ofMaxSize(10), "java.lang.String");
        assertEquals(64, small.front().slots(), "at least 64");
        assertEquals("64 slots (at most 256)", small.states().get("front_table"));
        assertEquals(65536, layer(CacheSettings.ofMaxSize(10_000), "java.lang.String").front().maxSlots());
        assertEquals(2048, layer(CacheSettings.ofMaxSize(100), "java.lang.String").front().maxSlots());
        assertEquals(65536, layer(CacheSettings.ofMaxSize(10_000_000), "java.lang.String").front().maxSlots());
        assertNotNull(layer(CacheSettings.ofMaxWeight(1 << 20), "java.lang.String").front());
        assertNull(layer(CacheSettings.ofMaxSize(10).withTtl(Duration.ofSeconds(1)), "java.lang.String").front());
        assertNull(layer(CacheSettings.ofMaxSize(10).withIdle(Duration.ofSeconds(1)), "java.lang.String").front());
        assertNull(layer(CacheSettings.ofMaxSize(10).withTtl(Duration.ofSeconds(2))
                .withRefreshAfter(Duration.ofSeconds(1)), "java.lang.String").front());
        assertNull(layer(CacheSettings.ofMaxSize(10).withTtl(Duration.ofSeconds(1)).withCacheExceptions(true),
                "java.lang.String").front());
        assertNull(layer(CacheSettings.ofMaxSize(10).withIdle(Duration.ofSeconds(1)), "java.lang.String").states()
                .get("front_table"));
    }

    @Test
    void theTableGrowsWithTheCacheToSixteenSlotsPerEntryUpToSixteenPerEntryOfItsBound() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(200).withShared(true), "java.lang.Integer");
        WovenMethod find = counting(layer);
        assertEquals(64, layer.front().slots());
        for (int i = 0; i < 100; i++) {
            find.call(null, i);
        }
        assertEquals(2048, layer.front().slots(), "100 entries: the next power of two above 1600");
        for (int i = 0; i < 100; i++) {
            find.call(null, i);
            find.call(null, i);
        }
        assertEquals(100, find.runs(), "every key answered from the cache after the growth");
        for (int i = 100; i < 3000; i++) {
            find.call(null, i);
        }
        assertEquals(4096, layer.front().slots(), "no more than sixteen per entry of the bound");
    }

    @Test
    void collidingEntriesShareAPairAndANewcomerDisplacesLiveOnesOnlyNowAndThen() {
        FrontTable table = new FrontTable(32); // 64 slots: hashes 2, 66 and 130 all pick slot 2, paired with 3
        FrontEntry first = new FrontEntry("a", 2, Outcome.returning("A"));
        FrontEntry second = new FrontEntry("b", 66, Outcome.returning("B"));
        FrontEntry third = new FrontEntry("c", 130, Outcome.returning("C"));
        table.offer(first);
        table.offer(second);
        assertSame(first, table.slot(2));
        assertSame(second, table.pairedSlot(2));

        table.offer(third);
        int offers = 1;
        while (table.slot(130) != third && offers < 10_000) {
            assertSame(second, table.pairedSlot(2), "only the first slot gives way");
            table.offer(third);
            offers++;
        }
        assertSame(third, table.slot(130), "a newcomer gets in eventually");

        second.removed();
        table.offer(first);
        assertSame(first, table.pairedSlot(2), "a removed entry's slot is free at once");
        table.clear(first);
        assertNull(table.pairedSlot(2));
        assertSame(third, table.slot(2));
    }

    @Test
    void aHitPutsTheEntryInTheFrontTableAndLaterHitsAnswerFromIt() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), "java.lang.String");
        WovenMethod find = counting(layer);

        Object first = find.call(null, "a");
        assertNull(slotOf(layer, "a"), "a miss stores in Caffeine only");
        assertSame(first, find.call(null, "a"));
        FrontEntry entry = slotOf(layer, "a");
        assertNotNull(entry, "the first hit came from Caffeine and went into the front table");
        for (int i = 0; i < 10; i++) {
            assertSame(first, find.call(null, new String("a")), "an equal key, not the same instance");
        }
        assertEquals(1, find.runs());
        assertEquals(11, figure(layer, "hits"));
    }

    @Test
    void anEntryPutBackIntoTheFrontTableAfterAnInvalidationAnswersNothing() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), "java.lang.String");
        WovenMethod find = counting(layer);
        Object old = find.call(null, "a");
        find.call(null, "a");
        FrontEntry entry = slotOf(layer, "a");
        assertNotNull(entry);

        layer.invalidateAll();
        // A caller that read the entry from Caffeine just before the invalidation writes its slot just after it.
        layer.front().offer(entry);

        Object fresh = find.call(null, "a");
        assertNotSame(old, fresh);
        assertEquals("[a]#2", fresh);
        assertEquals(2, find.runs());
        assertSame(fresh, find.call(null, "a"));
    }

    @Test
    void anEntryCaffeineEvictedIsNotAnsweredFromTheFrontTable() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(3).withShared(true), "java.lang.String");
        WovenMethod find = counting(layer);
        find.call(null, "a");
        find.call(null, "a");
        FrontEntry entry = slotOf(layer, "a");
        assertNotNull(entry);

        for (int i = 0; i < 50 && !entry.isRemoved(); i++) {
            for (int j = 0; j < 5; j++) {
                find.call(null, "filler " + i); // used more often than "a": Caffeine admits it, evicting others
            }
            layer.cleanUp();
        }
        assertTrue(entry.isRemoved(), "Caffeine evicted the entry");
        assertNull(slotOf(layer, "a"), "its removal emptied its slot");
        layer.front().offer(entry); // as if written back by a caller that read it just before
        int runs = find.runs();
        find.call(null, "a");
        assertEquals(runs + 1, find.runs(), "the evicted entry answered nothing: the method ran");
    }

    /**
     * Invalidations racing with hits, misses and stores, as {@code invalidate-on} makes them: a call that
     * begins after an invalidation returned never gets a value loaded before it (the method returns the data's
     * version; each invalidation follows a new version).
     */
    @Test
    void noCallAfterAnInvalidationSeesAValueFromBeforeIt() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), "java.lang.String");
        AtomicLong version = new AtomicLong();
        AtomicLong invalidatedUpTo = new AtomicLong();
        WovenMethod read = new WovenMethod((self, args) -> version.get(), layer);
        AtomicReference<String> stale = new AtomicReference<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                try {
                    while (writing.get() && stale.get() == null) {
                        long floor = invalidatedUpTo.get();
                        long got = (Long) read.call(null, "k");
                        calls.incrementAndGet();
                        if (got < floor) {
                            stale.set("got version " + got + " after version " + floor + " was invalidated");
                        }
                    }
                } catch (Exception e) {
                    stale.set(e.toString());
                }
            });
            reader.start();
            readers.add(reader);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; (i < 20_000 || calls.get() < 20_000) && stale.get() == null
                && System.nanoTime() < deadline; i++) {
            long now = version.incrementAndGet();
            layer.invalidateAll();
            invalidatedUpTo.set(now);
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertNull(stale.get());
        assertTrue(calls.get() >= 20_000, "the readers ran alongside the invalidations: " + calls.get());
        assertTrue(figure(layer, "hits") > 0, "the readers hit the cache between invalidations");
    }

    @Test
    void keysOfSeveralArgumentsArraysAndReceiversAreComparedAsCaffeineWould() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), "int[]", "java.lang.String");
        WovenMethod find = counting(layer);
        Object one = new Object();
        Object two = new Object();
        int[] buffer = {1, 2};

        Object first = find.call(one, buffer, "x");
        assertSame(first, find.call(one, new int[] {1, 2}, "x"));
        assertSame(first, find.call(one, new int[] {1, 2}, "x"), "answered by the front table now");
        buffer[0] = 9; // the caller reuses its array: the stored key holds a copy
        assertNotSame(first, find.call(one, buffer, "x"));
        assertNotSame(first, find.call(two, new int[] {1, 2}, "x"), "another receiver, another entry");
        assertNotSame(first, find.call(one, new int[] {1, 2}, "y"));
        assertSame(first, find.call(one, new int[] {1, 2}, "x"));
        assertEquals(4, find.runs());
    }

    @Test
    void aNullArgumentAndNoArgumentsAreKeysToo() throws Exception {
        CacheLayer oneArgument = layer(CacheSettings.ofMaxSize(10).withShared(true), "java.lang.String");
        WovenMethod find = counting(oneArgument);
        Object forNull = find.call(null, (Object) null);
        assertSame(forNull, find.call(null, (Object) null));
        assertSame(forNull, find.call(null, (Object) null));
        assertNotSame(forNull, find.call(null, "null"));

        CacheLayer none = layer(CacheSettings.ofMaxSize(10).withShared(true));
        WovenMethod list = counting(none);
        Object all = list.call(null);
        assertSame(all, list.call(null));
        assertSame(all, list.call(null));
        assertEquals(1, list.runs());
    }

    /**
     * Hits in the front table feed Caffeine's eviction policy as Caffeine's own hits would: the hit ratio stays
     * raw Caffeine's, on a skewed trace with scans through it (where feeding one hit in four lost 3 points).
     */
    @Test
    void theHitRatioStaysCaffeinesOnASkewedTraceWithScans() throws Exception {
        int bound = 500;
        long[] trace = skewedTraceWithScans(300_000, 20_000, 0.9, new Random(11));
        CacheLayer layer = layer(CacheSettings.ofMaxSize(bound).withShared(true), "java.lang.Long");
        WovenMethod find = new WovenMethod((self, args) -> args[0], layer);
        Cache<Object, Object> raw = Caffeine.newBuilder().maximumSize(bound).executor(Runnable::run).build();
        long rawHits = 0;
        for (long key : trace) {
            find.call(null, key);
            if (raw.getIfPresent(key) != null) {
                rawHits++;
            } else {
                raw.put(key, key);
            }
        }
        double layerRatio = figure(layer, "hits") / trace.length;
        double rawRatio = (double) rawHits / trace.length;
        assertTrue(rawRatio > 0.2, "the trace is cacheable: " + rawRatio);
        assertTrue(layerRatio >= rawRatio - 0.02, "layer " + layerRatio + " against raw Caffeine " + rawRatio);
    }

    /** Zipf-distributed keys (exponent {@code s} over {@code keys}), with every fifth stretch a scan of new keys. */
    static long[] skewedTraceWithScans(int length, int keys, double s, Random random) {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        long[] trace = new long[length];
        long scanKey = 1L << 40;
        for (int i = 0; i < length; i++) {
            if ((i / 5_000) % 5 == 4) {
                trace[i] = scanKey++;
            } else {
                int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                trace[i] = (rank < 0 ? -rank - 1 : rank) * 0x9E3779B97F4A7C15L; // popularity not in hash order
            }
        }
        return trace;
    }
}
