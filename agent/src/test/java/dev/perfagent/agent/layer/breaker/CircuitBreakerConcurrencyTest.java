package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many threads entering and leaving one breaker at once: nothing is lost, nothing leaks. */
class CircuitBreakerConcurrencyTest {
    private static final int THREADS = 4;
    private static final int CALLS = 50_000;
    /** Short, so the threads' clocks stay well within one time window of each other. */
    private static final long SLOW_NANOS = Duration.ofNanos(1_000).toNanos();

    /** Each thread has its own clock, so each call can take as long as the test says. */
    private static final class PerThreadTicker implements Ticker {
        private final ThreadLocal<long[]> now = ThreadLocal.withInitial(() -> new long[] {1_000_000_000L});

        @Override
        public long read() {
            return now.get()[0];
        }

        void advance(long nanos) {
            now.get()[0] += nanos;
        }
    }

    private static CircuitBreakerSettings settings(WindowSpec window, int minimumCalls, int halfOpenCalls) {
        return new CircuitBreakerSettings(window, 100, Duration.ofNanos(SLOW_NANOS), 100, minimumCalls,
                Duration.ofSeconds(1), halfOpenCalls, Duration.ofMinutes(10), true,
                new ExceptionLists(Optional.empty(), List.of("java.lang.IllegalArgumentException"), List.of()));
    }

    private static CircuitBreakerLayer breaker(CircuitBreakerSettings settings, Ticker ticker) {
        return new CircuitBreakerLayer(LayerTarget.of("r", "a.B#c()", "java.lang.String", List.of()), settings,
                Optional.empty(), ticker, AgentLog.toStderr(AgentLog.Level.ERROR));
    }

    /** Runs {@code body(thread)} on {@link #THREADS} threads released together; fails on any exception. */
    private static void hammer(ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    start.await();
                    body.run(thread);
                    return null;
                };
                done.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    @ParameterizedTest(name = "{0} window")
    @ValueSource(strings = {"count", "time"})
    void everyCallIsCountedExactlyOnce(String type) throws Exception {
        WindowSpec window = type.equals("count") ? WindowSpec.count(1_000_000) : WindowSpec.time(Duration.ofMinutes(1));
        PerThreadTicker ticker = new PerThreadTicker();
        CircuitBreakerLayer breaker = breaker(settings(window, 100, 10), ticker);
        LayerChain chain = new LayerChain(List.of(breaker), fault -> { throw new AssertionError(fault); }, ticker);
        IOException failure = new IOException("failure");
        IllegalArgumentException ignored = new IllegalArgumentException("ignored");

        hammer(thread -> {
            for (int i = 0; i < CALLS; i++) {
                LayeredCall call = (LayeredCall) chain.enter(null, new Object[0], ticker.read());
                int kind = (i + thread) % 5; // success, failure, slow success, slow failure, ignored
                ticker.advance(kind == 2 || kind == 3 ? SLOW_NANOS + 1 : 1);
                call.exit(null, kind == 1 || kind == 3 ? failure : kind == 4 ? ignored : null);
            }
        });

        long each = (long) THREADS * CALLS / 5;
        assertEquals(each, Figures.value(breaker, "calls", "outcome", "success"));
        assertEquals(each, Figures.value(breaker, "calls", "outcome", "failure"));
        assertEquals(each, Figures.value(breaker, "calls", "outcome", "slow_success"));
        assertEquals(each, Figures.value(breaker, "calls", "outcome", "slow_failure"));
        assertEquals(each, Figures.value(breaker, "calls", "outcome", "ignored"));
        assertEquals(new WindowSnapshot(4 * each, 2 * each, 2 * each), breaker.snapshot().window(),
                "the window holds every counted call, no more, no less");
        assertEquals(BreakerState.CLOSED, breaker.state());
    }

    @Test
    void aSmallCountWindowStaysExactUnderContention() throws Exception {
        PerThreadTicker ticker = new PerThreadTicker();
        CircuitBreakerLayer breaker = breaker(settings(WindowSpec.count(1_000), 1_000, 10), ticker);
        LayeredCall call = LayeredCall.of(null, new Object[0], 0);
        hammer(thread -> {
            LayeredCall own = LayeredCall.of(null, new Object[0], 0);
            for (int i = 0; i < CALLS; i++) {
                breaker.enter(own);
                ticker.advance((i & 1) == 0 ? SLOW_NANOS + 1 : 1);
                breaker.exit(own, "value", null);
            }
        });
        WindowSnapshot window = breaker.snapshot().window();
        assertEquals(1_000, window.calls());
        assertEquals(0, window.failures());
        // Every thread alternates: the last 1000 calls are about half slow, whatever the interleaving.
        assertTrue(window.slow() > 300 && window.slow() < 700, window::toString);

        IOException failure = new IOException("down");
        for (int i = 0; i < 999; i++) {
            breaker.enter(call);
            breaker.exit(call, null, failure);
        }
        assertEquals(BreakerState.CLOSED, breaker.state(), "one success left in the window: 99.9%");
        breaker.enter(call);
        breaker.exit(call, null, failure);
        assertEquals(BreakerState.OPEN, breaker.state(), "the totals still match the ring: 1000 of 1000 failed");
    }

    @Test
    void trialPermitsNeverExceedTheLimitAndAllComeBack() throws Exception {
        FakeTicker ticker = new FakeTicker(0);
        CircuitBreakerLayer breaker = breaker(settings(WindowSpec.count(1), 1, 5), ticker);
        LayerChain chain = new LayerChain(List.of(breaker), fault -> { throw new AssertionError(fault); }, ticker);
        LayeredCall opener = (LayeredCall) chain.enter(null, new Object[0], 0);
        opener.exit(null, new IOException("down"));
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(BreakerState.HALF_OPEN, breaker.state());

        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        IllegalArgumentException ignored = new IllegalArgumentException("no verdict");
        hammer(thread -> {
            for (int i = 0; i < CALLS; i++) {
                Object entered = chain.enter(null, new Object[0], ticker.read());
                if (entered instanceof Outcome) {
                    refused.incrementAndGet();
                    continue;
                }
                admitted.incrementAndGet();
                int now = inFlight.incrementAndGet();
                mostInFlight.accumulateAndGet(now, Math::max);
                Thread.onSpinWait();
                inFlight.decrementAndGet();
                ((LayeredCall) entered).exit(null, ignored);
            }
        });

        assertTrue(mostInFlight.get() <= 5, () -> mostInFlight + " trial calls at once");
        assertTrue(admitted.get() >= 5, () -> "only " + admitted + " admitted");
        assertEquals(THREADS * CALLS, admitted.get() + refused.get());
        assertEquals(admitted.get(), Figures.value(breaker, "calls", "outcome", "ignored"));
        assertEquals(refused.get(), Figures.value(breaker, "calls", "outcome", "not_permitted"));
        assertEquals(BreakerState.HALF_OPEN, breaker.state());
        assertEquals("0", breaker.states().get("trial_calls_in_flight"), "every permit came back");
        for (int i = 0; i < 3; i++) {
            LayeredCall trial = (LayeredCall) chain.enter(null, new Object[0], ticker.read());
            trial.exit("value", null);
        }
        assertEquals(BreakerState.CLOSED, breaker.state(), "3 of 5 passed: 2 failures could only be 40%");
    }
}
