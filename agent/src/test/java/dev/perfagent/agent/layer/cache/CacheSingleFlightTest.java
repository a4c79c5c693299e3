package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import dev.perfagent.agent.time.Ticker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheSingleFlightTest {
    private static final int CALLERS = 8;

    private final CacheLayer layer = new CacheLayer(CacheSettings.ofMaxSize(100).withShared(true), target("int"),
            new ManualTicker(), AgentLog.toStderr(AgentLog.Level.ERROR));
    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        layer.close();
    }

    private List<Future<Object>> callAll(WovenMethod method) {
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            results.add(pool.submit(() -> method.call(null, 7)));
        }
        return results;
    }

    @Test
    void concurrentMissesOfOneKeyRunTheMethodOnce() throws Exception {
        // The first caller's body holds on until every other caller is waiting for it.
        WovenMethod find = new WovenMethod((self, args) -> {
            Eventually.await("the other callers wait", () -> layer.waitingCallers() == CALLERS - 1);
            return new StringBuilder("loaded");
        }, layer);

        List<Future<Object>> results = callAll(find);
        Object first = results.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Object> result : results) {
            assertSame(first, result.get(10, TimeUnit.SECONDS), "every caller gets the one loaded value");
        }
        assertEquals(1, find.runs());
        assertEquals(CALLERS - 1, figure(layer, "hits"));
        assertEquals(1, figure(layer, "misses"));
    }

    @Test
    void whenTheLoadThrowsTheWaitersRunTheMethodThemselves() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        WovenMethod find = new WovenMethod((self, args) -> {
            if (runs.incrementAndGet() == 1) {
                Eventually.await("the other callers wait", () -> layer.waitingCallers() == CALLERS - 1);
                throw new IOException("the first run fails");
            }
            return null; // not stored: no waiter can take another waiter's value from the cache
        }, layer);

        int failures = 0;
        List<Object> values = new ArrayList<>();
        // Each waiter either runs the method (null) or, had the failure leaked, would throw.
        for (Future<Object> result : callAll(find)) {
            try {
                values.add(result.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(IOException.class, e.getCause());
                failures++;
            }
        }
        assertEquals(1, failures, "only the caller whose run failed gets the exception");
        assertEquals(CALLERS - 1, values.size());
        assertTrue(values.stream().allMatch(v -> v == null));
        assertEquals(CALLERS, find.runs(), "each waiter ran the method itself");
        assertEquals(1, figure(layer, "load_failures"));
        assertEquals(CALLERS, figure(layer, "misses"));
    }

    @Test
    void aWaiterRunsTheMethodItselfWhenTheLoadersThreadDiesWithoutAnExit() throws Exception {
        LayerChain chain = new LayerChain(List.of(layer), fault -> { }, Ticker.SYSTEM);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread loader = new Thread(() -> {
            chain.enter(null, new Object[] {7}, 0); // a miss: this thread owns the load, and never exits it
            entered.countDown();
            awaitQuietly(leave);
        });
        loader.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        WovenMethod find = new WovenMethod((self, args) -> "own run", layer);
        Future<Object> waiter = pool.submit(() -> find.call(null, 7));
        Eventually.await("the caller waits for the loader", () -> layer.waitingCallers() == 1);
        leave.countDown();

        assertEquals("own run", waiter.get(10, TimeUnit.SECONDS));
        assertEquals(1, find.runs());
    }

    @Test
    void aLoadWhoseOwnerIsGoneIsNotWaitedFor() throws Exception {
        LayerChain chain = new LayerChain(List.of(layer), fault -> { }, Ticker.SYSTEM);
        Thread loader = new Thread(() -> chain.enter(null, new Object[] {7}, 0));
        loader.start();
        loader.join(10_000);

        WovenMethod find = new WovenMethod((self, args) -> "own run", layer);
        assertEquals("own run", assertTimeoutPreemptively(Duration.ofSeconds(10), () -> find.call(null, 7)));
    }

    @Test
    void aThreadThatLeftItsOwnLoadDoesNotWaitForItself() {
        LayerChain chain = new LayerChain(List.of(layer), fault -> { }, Ticker.SYSTEM);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Object abandoned = chain.enter(null, new Object[] {7}, 0);
            assertInstanceOf(LayeredCall.class, abandoned);
            Object again = chain.enter(null, new Object[] {7}, 0);
            assertInstanceOf(LayeredCall.class, again, "the second call runs the method");
            ((LayeredCall) again).exit("value", null);
        });
        assertEquals("value", ((Outcome) chain.enter(null, new Object[] {7}, 0)).value());
    }

    @Test
    void aWaiterRunsTheMethodItselfWhenTheLoadersCallIsCollected() throws Exception {
        LayerChain chain = new LayerChain(List.of(layer), fault -> { }, Ticker.SYSTEM);
        chain.enter(null, new Object[] {7}, 0); // the call object is dropped without an exit; this thread lives on

        WovenMethod find = new WovenMethod((self, args) -> "own run", layer);
        Future<Object> waiter = pool.submit(() -> find.call(null, 7));
        Eventually.await("the waiter gives up once the abandoned call is collected", () -> {
            System.gc();
            return waiter.isDone();
        });
        assertEquals("own run", waiter.get());
    }

    @Test
    void anInterruptedWaiterRunsTheMethodItselfAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        WovenMethod find = new WovenMethod((self, args) -> {
            if (runs.incrementAndGet() == 1) {
                awaitQuietly(release);
                return new StringBuilder("loader");
            }
            return new StringBuilder("interrupted " + Thread.currentThread().isInterrupted());
        }, layer);

        Future<Object> loader = pool.submit(() -> find.call(null, 7));
        Eventually.await("the loader runs", () -> runs.get() == 1);
        Future<Object> waiter = pool.submit(() -> find.call(null, 7));
        Eventually.await("the second caller waits", () -> layer.waitingCallers() == 1);
        waiter.cancel(true);
        Eventually.await("the interrupted caller ran the method", () -> runs.get() == 2);
        release.countDown();

        assertEquals("loader", loader.get(10, TimeUnit.SECONDS).toString());
        assertEquals(2, find.runs());
    }

    @Test
    void aLoadFromBeforeAnInvalidationIsNotShared() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        WovenMethod find = new WovenMethod((self, args) -> {
            if (runs.incrementAndGet() == 1) {
                awaitQuietly(release);
                return new StringBuilder("old data");
            }
            return new StringBuilder("new data");
        }, layer);

        Future<Object> before = pool.submit(() -> find.call(null, 7));
        Eventually.await("the first load runs", () -> runs.get() == 1);
        layer.invalidateAll();
        Object after = find.call(null, 7);
        release.countDown();

        assertEquals("new data", after.toString());
        assertEquals("old data", before.get(10, TimeUnit.SECONDS).toString());
        assertNotSame(after, before.get());
        assertEquals("new data", find.call(null, 7).toString(), "the old load stored nothing");
    }

    @Test
    void closingReleasesTheWaiters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        WovenMethod find = new WovenMethod((self, args) -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                awaitQuietly(release);
            }
            return "run " + run;
        }, layer);

        Future<Object> loader = pool.submit(() -> find.call(null, 7));
        Eventually.await("the loader runs", () -> runs.get() == 1);
        Future<Object> waiter = pool.submit(() -> find.call(null, 7));
        Eventually.await("the second caller waits", () -> layer.waitingCallers() == 1);
        layer.close();

        assertEquals("run 2", waiter.get(10, TimeUnit.SECONDS));
        release.countDown();
        assertEquals("run 1", loader.get(10, TimeUnit.SECONDS));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
