package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheLayerTest {
    private final ManualTicker ticker = new ManualTicker();
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
    private final List<CacheLayer> layers = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    @AfterEach
    void close() {
        layers.forEach(CacheLayer::close);
    }

    private CacheLayer layer(CacheSettings settings, LayerTarget target) {
        CacheLayer layer = new CacheLayer(settings, target, ticker, log);
        layers.add(layer);
        return layer;
    }

    /** A method whose result names its arguments and which run produced it. */
    private WovenMethod counting(CacheLayer layer) {
        return new WovenMethod((self, args) -> Arrays.deepToString(args) + "#" + counter.incrementAndGet(), layer);
    }

    @Test
    void aRepeatedCallIsAnsweredFromTheCache() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("java.lang.String"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, "a");
        assertSame(first, find.call(self, "a"));
        assertEquals(1, find.runs());
        Object other = find.call(self, "b");
        assertEquals("[b]#2", other);
        assertEquals(2, find.runs());

        assertEquals(1, figure(layer, "hits"));
        assertEquals(2, figure(layer, "misses"));
        assertEquals(2, figure(layer, "loads"));
        assertEquals(2, figure(layer, "size"));
        assertEquals(1.0 / 3, figure(layer, "hit_ratio"), 1e-9);
    }

    @Test
    void theKeyIsMadeOfTheGivenPositionsOnly() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withKey(List.of(2, 0)),
                target("int", "java.lang.String", "long"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, 1, "debug", 7L);
        assertSame(first, find.call(self, 1, "quiet", 7L), "position 1 is not part of the key");
        find.call(self, 1, "debug", 8L);
        find.call(self, 2, "debug", 7L);
        assertEquals(3, find.runs());
    }

    @Test
    void anEmptyKeyCachesOneValuePerReceiver() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withKey(List.of()), target("java.lang.String"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, "a");
        assertSame(first, find.call(self, "b"));
        find.call(new Object(), "a");
        assertEquals(2, find.runs());
    }

    @Test
    void arraysAreComparedByContentDeeply() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("float[]", "int[][]", "java.lang.Object[]"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, new float[] {1f, 2f}, new int[][] {{1}, {2, 3}}, new Object[] {"x", new long[] {4}});
        assertSame(first, find.call(self, new float[] {1f, 2f}, new int[][] {{1}, {2, 3}},
                new Object[] {"x", new long[] {4}}));
        find.call(self, new float[] {1f, 2f}, new int[][] {{1}, {2, 4}}, new Object[] {"x", new long[] {4}});
        find.call(self, new float[] {1f, 2f}, new int[][] {{1}, {2, 3}}, new Object[] {"x", new long[] {5}});
        assertEquals(3, find.runs());
    }

    @Test
    void aLoneArrayArgumentIsComparedByContentToo() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), target("byte[]"));
        WovenMethod find = counting(layer);

        Object first = find.call(new Object(), new byte[] {1, 2, 3});
        assertSame(first, find.call(new Object(), new byte[] {1, 2, 3}));
        assertEquals(1, find.runs());
    }

    @Test
    void theStoredKeyOwnsACopyOfTheArrays() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), target("int[]"));
        // The body sorts its argument in place: the key is what the caller passed, not what the body left.
        WovenMethod find = new WovenMethod((self, args) -> {
            int[] values = (int[]) args[0];
            Arrays.sort(values);
            return values[0] + "#" + counter.incrementAndGet();
        }, layer);
        int[] buffer = {3, 1, 2};

        Object first = find.call(null, (Object) buffer);
        buffer[0] = 9; // the caller reuses its buffer
        assertSame(first, find.call(null, (Object) new int[] {3, 1, 2}));
        find.call(null, (Object) new int[] {9, 2, 3});
        assertEquals(2, find.runs());
    }

    @Test
    void theReceiverIsPartOfTheKeyByIdentity() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("java.lang.String"));
        WovenMethod find = counting(layer);
        List<String> one = new ArrayList<>();
        List<String> equalToOne = new ArrayList<>();

        Object first = find.call(one, "a");
        assertSame(first, find.call(one, "a"));
        find.call(equalToOne, "a");
        assertEquals(2, find.runs(), "receivers that are equal but not the same have their own entries");
    }

    @Test
    void aSharedCacheServesEveryReceiver() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), target("java.lang.String"));
        WovenMethod find = counting(layer);

        Object first = find.call(new Object(), "a");
        assertSame(first, find.call(new Object(), "a"));
        assertEquals(1, find.runs());
    }

    @Test
    void anEntryDoesNotKeepItsReceiverAlive() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("java.lang.String"));
        WovenMethod find = counting(layer);
        Object receiver = new Object();
        WeakReference<Object> ref = new WeakReference<>(receiver);
        find.call(receiver, "a");
        assertEquals(1, layer.size());

        receiver = null;
        Eventually.await("the receiver is collected", () -> {
            System.gc();
            return ref.get() == null;
        });
        Eventually.await("the entry of the collected receiver is dropped", () -> {
            try {
                find.call(new Object(), "b"); // a miss drains the collected receivers
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            layer.cleanUp();
            return figure(layer, "evictions", Map.of("cause", "collected")) == 1;
        });
        assertNull(receiver);
    }

    @Test
    void staticMethodsHaveNoReceiverInTheKey() throws Exception {
        LayerTarget target = new LayerTarget("r", "a.Service#find(java.lang.String, int)", "a.Service",
                "java.lang.Object", List.of("java.lang.String", "int"), true, new WeakReference<>(null));
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target);
        WovenMethod find = counting(layer);

        Object first = find.callStatic("a", 1);
        assertSame(first, find.callStatic("a", 1));
        assertEquals(1, find.runs());
    }

    @Test
    void entriesExpireAfterTtl() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withTtl(Duration.ofSeconds(10)), target("int"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, 1);
        ticker.advance(Duration.ofSeconds(9));
        assertSame(first, find.call(self, 1), "reads do not extend a ttl");
        ticker.advance(Duration.ofSeconds(1));
        assertEquals("[1]#2", find.call(self, 1));
        layer.cleanUp();
        assertEquals(1, figure(layer, "evictions", Map.of("cause", "expired")));
    }

    @Test
    void entriesExpireWhenIdle() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withIdle(Duration.ofSeconds(10)), target("int"));
        WovenMethod find = counting(layer);
        Object self = new Object();

        Object first = find.call(self, 1);
        ticker.advance(Duration.ofSeconds(9));
        assertSame(first, find.call(self, 1));
        ticker.advance(Duration.ofSeconds(9));
        assertSame(first, find.call(self, 1), "every read restarts the idle time");
        ticker.advance(Duration.ofSeconds(10));
        assertEquals("[1]#2", find.call(self, 1));
    }

    @Test
    void nullsAreNotStoredUnlessAsked() throws Exception {
        WovenMethod plain = new WovenMethod((self, args) -> null,
                layer(CacheSettings.ofMaxSize(100), target("int")));
        plain.call(this, 1);
        plain.call(this, 1);
        assertEquals(2, plain.runs());

        WovenMethod nulls = new WovenMethod((self, args) -> null,
                layer(CacheSettings.ofMaxSize(100).withCacheNulls(true), target("int")));
        assertNull(nulls.call(this, 1));
        assertNull(nulls.call(this, 1));
        assertEquals(1, nulls.runs());
    }

    @Test
    void exceptionsAreNotStoredByDefault() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("int"));
        WovenMethod failing = new WovenMethod((self, args) -> {
            throw new IOException("run " + counter.incrementAndGet());
        }, layer);

        IOException first = assertThrows(IOException.class, () -> failing.call(this, 1));
        IOException second = assertThrows(IOException.class, () -> failing.call(this, 1));
        assertEquals("run 1", first.getMessage());
        assertEquals("run 2", second.getMessage());
        assertEquals(2, figure(layer, "load_failures"));
        assertEquals(0, layer.size());
    }

    @Test
    void storedExceptionsAreRethrownAsTheSameInstanceUntilTtl() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withTtl(Duration.ofSeconds(5)).withCacheExceptions(true),
                target("int"));
        WovenMethod failing = new WovenMethod((self, args) -> {
            throw new IOException("run " + counter.incrementAndGet());
        }, layer);

        IOException first = assertThrows(IOException.class, () -> failing.call(this, 1));
        assertSame(first, assertThrows(IOException.class, () -> failing.call(this, 1)));
        assertEquals(1, failing.runs());
        ticker.advance(Duration.ofSeconds(5));
        assertEquals("run 2", assertThrows(IOException.class, () -> failing.call(this, 1)).getMessage());
    }

    @Test
    void errorsAndInterruptionsAreNeverStored() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withTtl(Duration.ofSeconds(5)).withCacheExceptions(true),
                target("int"));
        WovenMethod failing = new WovenMethod((self, args) -> {
            if ((int) args[0] == 1) {
                throw new StackOverflowError();
            }
            throw new InterruptedException();
        }, layer);

        assertThrows(StackOverflowError.class, () -> failing.call(this, 1));
        assertThrows(StackOverflowError.class, () -> failing.call(this, 1));
        assertThrows(InterruptedException.class, () -> failing.call(this, 2));
        assertThrows(InterruptedException.class, () -> failing.call(this, 2));
        assertEquals(4, failing.runs());
    }

    @Test
    void maxWeightEvictsByEstimatedBytes() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxWeight(4096).withShared(true), target("int"));
        // Each value is a 1000-character string: about 1 KB estimated, so about four fit.
        WovenMethod find = new WovenMethod((self, args) -> "x".repeat(1000) + args[0], layer);
        for (int i = 0; i < 20; i++) {
            find.call(null, i);
        }
        layer.cleanUp();

        assertTrue(layer.size() >= 1 && layer.size() <= 4, "size " + layer.size());
        assertTrue(figure(layer, "weight_bytes") <= 4096, "weight " + figure(layer, "weight_bytes"));
        assertEquals(20 - layer.size(), figure(layer, "evictions", Map.of("cause", "size")));
    }

    @Test
    void maxSizeBoundsTheEntries() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(10).withShared(true), target("int"));
        WovenMethod find = counting(layer);
        for (int i = 0; i < 100; i++) {
            find.call(null, i);
        }
        layer.cleanUp();
        assertEquals(10, layer.size());
        assertEquals(90, figure(layer, "evictions", Map.of("cause", "size")));
    }

    @Test
    void aBatchResultIsStoredButARefusalIsNot() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), target("int"));
        AtomicInteger batched = new AtomicInteger();
        CallLayer batch = new CallLayer() {
            @Override
            public LayerKind kind() {
                return LayerKind.BATCH;
            }

            @Override
            public Outcome enter(LayeredCall call) {
                if ((int) call.args()[0] < 0) {
                    return Outcome.throwing(new CallRejectedException("queue full"));
                }
                return Outcome.returning("batched " + call.args()[0] + "#" + batched.incrementAndGet());
            }
        };
        WovenMethod find = new WovenMethod((self, args) -> {
            throw new AssertionError("the batch layer answers every call");
        }, layer, batch);

        assertEquals("batched 1#1", find.call(null, 1));
        assertEquals("batched 1#1", find.call(null, 1), "the batch form's result for the call is stored");
        assertThrows(CallRejectedException.class, () -> find.call(null, -1));
        assertThrows(CallRejectedException.class, () -> find.call(null, -1));
        assertEquals(1, batched.get());
        assertEquals(1, layer.size());
        assertEquals(0, figure(layer, "load_failures"), "a refusal is not the method failing");
    }

    @Test
    void anInvalidationDuringALoadDiscardsItsValue() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), target("int"));
        WovenMethod find = new WovenMethod((self, args) -> {
            layer.invalidateAll(); // the data changed while the method was reading it
            return "read before the change";
        }, layer);

        find.call(null, 1);
        find.call(null, 1);
        assertEquals(2, find.runs());
        assertEquals(0, layer.size());
    }

    @Test
    void aKeyPositionPastTheParametersTurnsTheLayerOff() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withKey(List.of(0, 3)), target("int", "int"));
        WovenMethod find = counting(layer);

        find.call(this, 1, 2);
        find.call(this, 1, 2);
        assertEquals(2, find.runs());
        assertEquals("key position 3 is past the method's parameters (it has 2, counted from 0)", layer.offReason());
        assertEquals(layer.offReason(), layer.states().get("off"));
        assertEquals(0, figure(layer, "misses"));
    }

    @Test
    void aVoidMethodIsNotCachedWithoutCacheNulls() throws Exception {
        LayerTarget target = LayerTarget.of("r", "a.Service#log(java.lang.String)", "void", List.of("java.lang.String"));
        CacheLayer off = layer(CacheSettings.ofMaxSize(100), target);
        WovenMethod log = new WovenMethod((self, args) -> null, off);
        log.call(this, "a");
        log.call(this, "a");
        assertEquals(2, log.runs());
        assertTrue(off.offReason().startsWith("a void method returns nothing to store"));

        CacheLayer skipping = layer(CacheSettings.ofMaxSize(100).withCacheNulls(true), target);
        WovenMethod once = new WovenMethod((self, args) -> null, skipping);
        once.call(this, "a");
        once.call(this, "a");
        assertEquals(1, once.runs());
    }

    @Test
    void figuresAndStatesDescribeTheLayer() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(10_000).withTtl(Duration.ofMinutes(10))
                .withRefreshAfter(Duration.ofMinutes(5)).withKey(List.of(0, 2)), target("int", "int", "int"));
        assertEquals("cache", layer.layer());
        assertEquals("max-size=10000 ttl=10m refresh-after=5m key=[0,2]", layer.states().get("policy"));
        assertEquals("pending", layer.states().get("refresh"));
        List<String> names = new ArrayList<>();
        layer.figures().forEach(f -> names.add(f.name() + f.labels()));
        assertEquals(List.of("hits{}", "misses{}", "loads{}", "load_failures{}", "load_seconds{}", "refreshes{}",
                "invalidations{}", "evictions{cause=size}", "evictions{cause=expired}", "evictions{cause=collected}",
                "size{}", "hit_ratio{}", "eviction_storms{}"), names);
    }

    @Test
    void loadSecondsAddUpTheMethodsTime() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("int"));
        WovenMethod slow = new WovenMethod((self, args) -> {
            ticker.advance(Duration.ofMillis(250));
            return "done";
        }, layer);
        slow.call(this, 1);
        slow.call(this, 2);
        slow.call(this, 2);
        assertEquals(0.5, figure(layer, "load_seconds"), 1e-9);
    }

    @Test
    void aClosedLayerLetsEveryCallThrough() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100), target("int"));
        WovenMethod find = counting(layer);
        find.call(this, 1);
        layer.close();
        find.call(this, 1);
        find.call(this, 1);
        assertEquals(3, find.runs());
        assertEquals(0, layer.size());
    }
}
