package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheRefreshTest {
    private static final CacheSettings SETTINGS = CacheSettings.ofMaxSize(100).withTtl(Duration.ofMinutes(1))
            .withRefreshAfter(Duration.ofSeconds(5));

    private final ManualTicker ticker = new ManualTicker();
    private final Directory directory = new Directory();
    private CacheLayer layer;

    @AfterEach
    void close() {
        directory.gate.countDown();
        if (layer != null) {
            layer.close();
        }
    }

    /**
     * A class with a woven method: {@link #lookup} goes through the layers as the advice would make it, so the
     * refresher's reflective call of it reaches the cache layer like any call.
     */
    public static final class Directory {
        final AtomicInteger version = new AtomicInteger();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<ClassLoader> contextLoaders = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;
        WovenMethod woven;

        public String lookup(String name) throws Exception {
            return (String) woven.call(this, name);
        }

        Object body(Object[] args) throws Exception {
            threads.add(Thread.currentThread());
            contextLoaders.add(Thread.currentThread().getContextClassLoader());
            assertTrue(gate.await(10, TimeUnit.SECONDS));
            if (failing) {
                throw new IOException("directory down");
            }
            return args[0] + " v" + version.get();
        }
    }

    private void cache(String declaringClass) {
        LayerTarget target = new LayerTarget("r", declaringClass + "#lookup(java.lang.String)", declaringClass,
                "java.lang.String", List.of("java.lang.String"), false,
                new WeakReference<>(Directory.class.getClassLoader()));
        layer = new CacheLayer(SETTINGS, target, ticker, AgentLog.toStderr(AgentLog.Level.ERROR));
        directory.woven = new WovenMethod((self, args) -> directory.body(args), layer);
    }

    @Test
    void aStaleHitReturnsTheOldValueAndTheEntryIsReloadedInTheBackground() throws Exception {
        cache(Directory.class.getName());
        assertEquals("a v0", directory.lookup("a"));
        directory.version.set(1);
        ticker.advance(Duration.ofSeconds(5));
        directory.gate = new CountDownLatch(1);

        assertEquals("a v0", directory.lookup("a"), "the stale hit does not wait for the reload");
        Eventually.await("the refresh runs", () -> directory.threads.size() == 2);
        assertEquals("a v0", directory.lookup("a"), "a second stale hit meanwhile starts no second refresh");
        directory.gate.countDown();
        Eventually.await("the refresh stores its value", () -> figure(layer, "refreshes") == 1);

        assertEquals("a v1", directory.lookup("a"));
        assertEquals(2, directory.threads.size());
        Thread refresher = directory.threads.get(1);
        assertEquals("perf-agent-cache-refresh", refresher.getName());
        assertTrue(refresher.isDaemon());
        assertSame(Directory.class.getClassLoader(), directory.contextLoaders.get(1));
        assertEquals(3, figure(layer, "hits"));
        assertEquals(1, figure(layer, "misses"));
        assertEquals(1, figure(layer, "loads"));
        assertEquals("background", layer.states().get("refresh"));
    }

    @Test
    void aFailedRefreshKeepsTheOldValueAndALaterHitTriesAgain() throws Exception {
        cache(Directory.class.getName());
        assertEquals("a v0", directory.lookup("a"));
        directory.version.set(1);
        directory.failing = true;
        ticker.advance(Duration.ofSeconds(5));

        assertEquals("a v0", directory.lookup("a"));
        Eventually.await("the refresh fails", () -> figure(layer, "load_failures") == 1);
        Eventually.await("the refresh has ended", () -> layer.refreshesInFlight() == 0);
        directory.failing = false;
        assertEquals("a v0", directory.lookup("a"), "the old value stays until it expires");
        Eventually.await("the second refresh stores its value", () -> figure(layer, "refreshes") == 1);
        assertEquals("a v1", directory.lookup("a"));
    }

    @Test
    void withoutReflectiveAccessTheStaleHitRefreshesInline() throws Exception {
        cache("a.NotLoadable"); // the refresher cannot find the method
        assertEquals("a v0", directory.lookup("a"));
        directory.version.set(1);
        ticker.advance(Duration.ofSeconds(5));
        directory.gate = new CountDownLatch(1);

        CompletableFuture<String> refreshing = CompletableFuture.supplyAsync(() -> {
            try {
                return directory.lookup("a");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Eventually.await("the stale hit runs the method itself", () -> directory.threads.size() == 2);
        assertEquals("a v0", directory.lookup("a"), "other callers keep the old value meanwhile");
        directory.gate.countDown();

        assertEquals("a v1", refreshing.get(10, TimeUnit.SECONDS));
        assertEquals("a v1", directory.lookup("a"));
        assertEquals(2, directory.threads.size());
        assertFalse(directory.threads.get(1).getName().startsWith("perf-agent"));
        assertTrue(layer.states().get("refresh").startsWith("inline (java.lang.ClassNotFoundException: a.NotLoadable"),
                layer.states().get("refresh"));
    }

    @Test
    void anInvalidationDiscardsARefreshInFlight() throws Exception {
        cache(Directory.class.getName());
        assertEquals("a v0", directory.lookup("a"));
        ticker.advance(Duration.ofSeconds(5));
        directory.gate = new CountDownLatch(1);

        assertEquals("a v0", directory.lookup("a"));
        Eventually.await("the refresh runs", () -> directory.threads.size() == 2);
        layer.invalidateAll();
        directory.gate.countDown();
        Eventually.await("the refresh has ended", () -> layer.refreshesInFlight() == 0);

        assertEquals(0, figure(layer, "refreshes"));
        assertEquals(0, layer.size());
        directory.version.set(2);
        assertEquals("a v2", directory.lookup("a"));
        assertEquals(3, directory.threads.size(), "the call after the invalidation ran the method");
        assertSame(Thread.currentThread(), directory.threads.get(2));
    }

    @Test
    void closingEndsTheRefreshThread() throws Exception {
        cache(Directory.class.getName());
        directory.lookup("a");
        ticker.advance(Duration.ofSeconds(5));
        directory.lookup("a");
        Eventually.await("the refresh stores its value", () -> figure(layer, "refreshes") == 1);
        Thread refresher = directory.threads.get(1);

        layer.close();
        refresher.join(10_000);
        assertFalse(refresher.isAlive());
    }
}
