package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many threads, random partitions and outcomes, adaptive limits moving underneath: no permit is ever lost. */
class PermitLeakTest {
    private static final int THREADS = 6;
    private static final int CALLS = 20_000;

    @ParameterizedTest
    @EnumSource(WhenLimited.class)
    void everyPermitComesBack(WhenLimited whenLimited) throws InterruptedException {
        for (LimitAlgorithmSettings algorithm : List.of(new Gradient2Settings(4, 1, 8, 0.2, 4, 1.5, 600),
                new VegasSettings(4, 1, 8, 1.0, java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), 30),
                new AimdSettings(4, 1, 8, 0.9, Duration.ofNanos(20_000)), new FixedSettings(1))) {
            for (List<PartitionShare> shares : List.of(List.<PartitionShare>of(),
                    List.of(new PartitionShare("a", 50), new PartitionShare("b", 25)))) {
                LimiterSettings settings = new LimiterSettings(algorithm, whenLimited,
                        whenLimited == WhenLimited.WAIT ? Duration.ofMillis(1) : Duration.ZERO, shares);
                run(new ConcurrencyLimiter(settings, Ticker.SYSTEM));
            }
        }
    }

    private static void run(ConcurrencyLimiter limiter) throws InterruptedException {
        AtomicLong admitted = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        String[] values = {"a", "b", "c", null};
        CallOutcome[] outcomes = CallOutcome.values();
        CountDownLatch start = new CountDownLatch(1);
        // Held until the workers have met the limit, so the refusal and waiting paths surely run among them.
        long hog = limiter.limit() == 1 && !limiter.settings().partitioned() ? limiter.acquire(0) : -1;
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < CALLS; i++) {
                        long begin = System.nanoTime();
                        long permit = limiter.acquire(limiter.partition(values[random.nextInt(values.length)]));
                        if (permit < 0) {
                            continue;
                        }
                        admitted.incrementAndGet();
                        if (random.nextInt(8) == 0) {
                            Thread.onSpinWait();
                        }
                        limiter.release(permit, begin, System.nanoTime(), outcomes[random.nextInt(outcomes.length)]);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        if (hog >= 0) {
            Eventually.until("a worker met the limit", () -> limiter.rejected() > 0);
            limiter.release(hog, 0, System.nanoTime(), CallOutcome.IGNORED);
            admitted.incrementAndGet();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(0, limiter.inFlight(), limiter.algorithm() + ": in flight after all calls ended");
        assertEquals(0, limiter.waiting());
        for (ConcurrencyLimiter.PartitionSnapshot partition : limiter.partitions()) {
            assertEquals(0, partition.inFlight(), "partition " + partition.name());
        }
        assertTrue(admitted.get() > 0);
        assertEquals((long) THREADS * CALLS + (hog >= 0 ? 1 : 0), admitted.get() + limiter.rejected(),
                "every call admitted or refused");
    }
}
