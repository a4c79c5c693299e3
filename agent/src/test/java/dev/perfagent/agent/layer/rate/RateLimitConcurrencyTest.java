package dev.perfagent.agent.layer.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads on one limiter: no admission lost or doubled by the compare-and-set, never above the bound. */
class RateLimitConcurrencyTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int THREADS = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** With the clock held still, exactly the calls that conform get through, however many threads race. */
    @Test
    void aStoppedClockAdmitsExactlyWhatConforms() throws Exception {
        ManualTicker ticker = new ManualTicker(0);
        RateLimitLayer layer = new RateLimitLayer("a.B#c()", RateLimitSettings.rejecting(10, Duration.ofSeconds(1), 7),
                ticker, new AdvancingSleeper(ticker));
        int calls = 2000;
        assertEquals(8, race(calls, () -> layer.enter(LayeredCall.of(null, new Object[0], 0)) == null),
                "burst + 1 at once");
        // TAT = 800 ms; at 350 ms: floor((350 + 700 − 800) / 100) + 1 = 3 more.
        ticker.advance(350 * MS);
        assertEquals(3, layer.availablePermits());
        assertEquals(3, race(calls, () -> layer.enter(LayeredCall.of(null, new Object[0], 0)) == null));
        assertEquals(0, layer.availablePermits());
        double permitted = layer.figures().stream().filter(f -> f.name().equals("permitted")).findFirst()
                .orElseThrow().value();
        double rejected = layer.figures().stream().filter(f -> f.name().equals("rejected")).findFirst()
                .orElseThrow().value();
        assertEquals(11.0, permitted);
        assertEquals(2.0 * THREADS * calls - 11, rejected);
    }

    /**
     * The real clock, threads hammering: the admission times (each thread's own clock reading, which reaches
     * the compare-and-set in any order) never put more than {@code ceil(L / T) + burst} into a window of length L.
     */
    @Test
    void theRealClockNeverAdmitsAboveTheBound() throws Exception {
        long interval = 200_000; // 5000 per second
        int burst = 5;
        GcraLimiter limiter = new GcraLimiter(interval, burst * interval, System.nanoTime());
        long end = System.nanoTime() + 300 * MS;
        List<Future<long[]>> admitted = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        for (int i = 0; i < THREADS; i++) {
            admitted.add(pool.submit(() -> {
                long[] times = new long[4096];
                int count = 0;
                start.await();
                for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
                    if (limiter.acquire(now, 0) == 0) {
                        times[count++] = now;
                    }
                }
                return Arrays.copyOf(times, count);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> times : admitted) {
            long[] mine = times.get(30, TimeUnit.SECONDS);
            long[] merged = Arrays.copyOf(all, all.length + mine.length);
            System.arraycopy(mine, 0, merged, all.length, mine.length);
            all = merged;
        }
        assertTrue(all.length > burst + 1, "the clock moved on and calls kept going through: " + all.length);
        for (long window : new long[] {interval / 2, interval, 10 * interval, 100 * interval, 1000 * interval}) {
            long bound = (window + interval - 1) / interval + burst;
            int busiest = AdmissionWindows.busiest(all, window);
            assertTrue(busiest <= bound, busiest + " admitted within " + window + "ns, bound " + bound);
        }
    }

    /** Waiting callers on the real clock: none refused, and the k-th to go through went no earlier than k·T. */
    @Test
    void waitersGoThroughOneIntervalApart() throws Exception {
        long interval = MS;
        RateLimitLayer layer = new RateLimitLayer("a.B#c()",
                RateLimitSettings.waiting(1000, Duration.ofSeconds(1), 0, Duration.ofSeconds(10)), Ticker.SYSTEM,
                Sleeper.parking());
        int perThread = 15;
        long startNanos = System.nanoTime();
        List<Future<long[]>> done = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < THREADS; i++) {
            done.add(pool.submit((Callable<long[]>) () -> {
                long[] times = new long[perThread];
                for (int k = 0; k < perThread; k++) {
                    if (layer.enter(LayeredCall.of(null, new Object[0], 0)) != null) {
                        refused.incrementAndGet();
                    }
                    times[k] = System.nanoTime();
                }
                return times;
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> times : done) {
            long[] mine = times.get(30, TimeUnit.SECONDS);
            long[] merged = Arrays.copyOf(all, all.length + mine.length);
            System.arraycopy(mine, 0, merged, all.length, mine.length);
            all = merged;
        }
        assertEquals(0, refused.get());
        Arrays.sort(all);
        // Each call has its own slot and returns no earlier than it; the slots are T apart from the first call on.
        for (int k = 0; k < all.length; k++) {
            assertTrue(all[k] - startNanos >= k * interval, "call " + k + " went through "
                    + (all[k] - startNanos) / 1000 + "us after the start, before its slot at " + k * interval / 1000 + "us");
        }
    }

    /** Runs {@code calls} calls on each of the threads, started together; returns how many were admitted. */
    private int race(int calls, Callable<Boolean> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            counts.add(pool.submit(() -> {
                start.await();
                int admitted = 0;
                for (int k = 0; k < calls; k++) {
                    if (call.call()) {
                        admitted++;
                    }
                }
                return admitted;
            }));
        }
        int total = 0;
        for (Future<Integer> count : counts) {
            total += count.get(30, TimeUnit.SECONDS);
        }
        return total;
    }
}
