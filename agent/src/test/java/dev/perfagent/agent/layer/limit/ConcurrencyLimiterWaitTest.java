package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code when-limited: wait}: FIFO hand-over, max-wait, interrupts and close, with real threads. */
class ConcurrencyLimiterWaitTest {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private static LimiterSettings waiting(LimitAlgorithmSettings algorithm, Duration maxWait, PartitionShare... shares) {
        return new LimiterSettings(algorithm, WhenLimited.WAIT, maxWait, List.of(shares));
    }

    /** Calls {@code acquire} on a new thread; the future completes with its result. */
    private CompletableFuture<Long> acquireOnThread(ConcurrencyLimiter limiter, int partition) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(limiter.acquire(partition)), "waiter-" + threads.size());
        threads.add(thread);
        thread.start();
        return result;
    }

    private static long await(CompletableFuture<Long> result) throws Exception {
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachReleaseHandsTheRoomToTheOldestWaiter() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(waiting(new FixedSettings(1), Duration.ofSeconds(30)),
                Ticker.SYSTEM);
        long held = limiter.acquire(0);
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int id = i;
            Thread thread = new Thread(() -> {
                long permit = limiter.acquire(0);
                order.add(id);
                limiter.release(permit, 0, 1, CallOutcome.IGNORED);
            });
            threads.add(thread);
            thread.start();
            Eventually.until("waiter " + id + " queued", () -> limiter.waiting() == id);
        }
        assertEquals(List.of(), order);
        limiter.release(held, 0, 1, CallOutcome.IGNORED);
        Eventually.until("all three admitted", () -> order.size() == 3);
        assertEquals(List.of(1, 2, 3), order);
        Eventually.until("all released", () -> limiter.inFlight() == 0);
        assertEquals(3, limiter.waited());
        assertEquals(0, limiter.rejected());
    }

    @Test
    void aWaiterIsRefusedAfterMaxWaitAndLeavesNoTrace() throws Exception {
        FakeTicker ticker = new FakeTicker(0);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(waiting(new FixedSettings(1), Duration.ofMillis(50)),
                ticker);
        long held = limiter.acquire(0);
        CompletableFuture<Long> waiter = acquireOnThread(limiter, 0);
        Eventually.until("queued", () -> limiter.waiting() == 1);
        ticker.advance(Duration.ofMillis(49).toNanos());
        assertFalse(waiter.isDone());
        ticker.advance(Duration.ofMillis(1).toNanos());
        assertEquals(ConcurrencyLimiter.TIMED_OUT, await(waiter));
        assertEquals(0, limiter.waiting());
        assertEquals(1, limiter.rejected());
        assertEquals(Duration.ofMillis(50).toNanos(), limiter.waitNanos());

        limiter.release(held, 0, 1, CallOutcome.IGNORED);
        assertEquals(0, limiter.inFlight(), "the permit went to no one");
        assertTrue(limiter.acquire(0) >= 0, "the next call finds the room at once");
    }

    @Test
    void anInterruptedWaiterIsRefusedAndKeepsItsInterruptStatus() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(waiting(new FixedSettings(1), Duration.ofSeconds(30)),
                Ticker.SYSTEM);
        long held = limiter.acquire(0);
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        CompletableFuture<Long> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            result.complete(limiter.acquire(0));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        threads.add(thread);
        thread.start();
        Eventually.until("queued", () -> limiter.waiting() == 1);
        thread.interrupt();
        assertEquals(ConcurrencyLimiter.INTERRUPTED, await(result));
        assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS));
        assertEquals(0, limiter.waiting());
        limiter.release(held, 0, 1, CallOutcome.IGNORED);
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void closeWakesEveryWaiterAndLetsThemThroughUnlimited() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(waiting(new FixedSettings(1), Duration.ofSeconds(30)),
                Ticker.SYSTEM);
        long held = limiter.acquire(0);
        CompletableFuture<Long> first = acquireOnThread(limiter, 0);
        CompletableFuture<Long> second = acquireOnThread(limiter, 0);
        Eventually.until("both queued", () -> limiter.waiting() == 2);
        limiter.close();
        assertEquals(ConcurrencyLimiter.UNLIMITED, await(first));
        assertEquals(ConcurrencyLimiter.UNLIMITED, await(second));
        assertEquals(ConcurrencyLimiter.UNLIMITED, limiter.acquire(0));
        assertEquals(0, limiter.rejected());
        limiter.release(held, 0, 1, CallOutcome.IGNORED);
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void aWaiterOverItsShareIsPassedOverForOneWithinItsGuarantee() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(waiting(new FixedSettings(2), Duration.ofSeconds(30),
                new PartitionShare("live", 50), new PartitionShare("batch", 50)), Ticker.SYSTEM);
        int live = limiter.partition("live");
        int batch = limiter.partition("batch");
        long borrowedA = limiter.acquire(batch);
        long borrowedB = limiter.acquire(batch);
        CompletableFuture<Long> batchWaiter = acquireOnThread(limiter, batch);
        Eventually.until("batch call queued", () -> limiter.waiting() == 1);

        assertTrue(limiter.acquire(live) >= 0, "live is within its guarantee of 1: in at once, past the batch call");
        assertFalse(batchWaiter.isDone());
        limiter.release(borrowedA, 0, 1, CallOutcome.IGNORED);
        assertFalse(batchWaiter.isDone(), "3 in flight -> 2: still at the limit, batch at its guarantee");
        limiter.release(borrowedB, 0, 1, CallOutcome.IGNORED);
        assertTrue(await(batchWaiter) >= 0, "below the limit: the batch call borrows the room");
        assertEquals(2, limiter.inFlight());
    }

    @Test
    void roomFromAHigherLimitGoesToWaiters() throws Exception {
        RecordingAlgorithm algorithm = new RecordingAlgorithm(1);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                waiting(new FixedSettings(1), Duration.ofSeconds(30)), algorithm, Ticker.SYSTEM);
        long held = limiter.acquire(0);
        CompletableFuture<Long> first = acquireOnThread(limiter, 0);
        Eventually.until("first queued", () -> limiter.waiting() == 1);
        CompletableFuture<Long> second = acquireOnThread(limiter, 0);
        Eventually.until("second queued", () -> limiter.waiting() == 2);
        algorithm.next(3);
        limiter.release(held, 0, 1, CallOutcome.SUCCEEDED);
        assertTrue(await(first) >= 0);
        assertTrue(await(second) >= 0);
        assertEquals(2, limiter.inFlight());
    }
}
