package dev.perfagent.bench;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.breaker.BreakerState;
import dev.perfagent.agent.layer.breaker.CircuitBreakerLayer;
import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.ExceptionLists;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a closed circuit breaker adds to one call, perf-agent's beside Resilience4j 2.4.0's, all around the
 * same trivial supplier (it returns a field):
 *
 * <ul>
 *   <li>{@code bare}: the supplier alone;
 *   <li>{@code perfAgentCountWindow}, {@code perfAgentTimeWindow}: perf-agent's {@link CircuitBreakerLayer}
 *       with its defaults (last 100 calls) or a 10 s time window, driven as the chain drives it: {@code enter}
 *       and {@code exit} on a {@link LayeredCall} the thread reuses, the supplier in between; time from
 *       {@code System.nanoTime()};
 *   <li>{@code resilience4jDecorated}, {@code resilience4jDecoratedLockFree}:
 *       {@code CircuitBreaker.decorateSupplier(breaker, supplier).get()} with Resilience4j's defaults (last
 *       100 calls, the synchronized window), and with its lock-free window;
 *   <li>{@code resilience4jRaw}, {@code resilience4jRawLockFree}: Resilience4j without the decorator, as a
 *       framework drives it: {@code tryAcquirePermission()}, the supplier, {@code onSuccess(nanos)}.
 * </ul>
 *
 * Every breaker is shared by the benchmark's threads, as a breaker on a method is. Thresholds are the
 * defaults and every call succeeds quickly, so all of them stay closed (checked after each trial). Run with
 * the allocation profiler, on one thread and on two:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CircuitBreakerBenchmark -prof gc -t 1
 * java -jar benchmarks/target/benchmarks.jar CircuitBreakerBenchmark -prof gc -t 2
 * }</pre>
 *
 * {@code gc.alloc.rate.norm} is the bytes one call allocates: 0 for perf-agent's closed breaker.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CircuitBreakerBenchmark {

    private static final String METHOD = "dev.perfagent.bench.CircuitBreakerBenchmark#call()";

    /** The breakers and the supplier, shared by every thread of a run. */
    @State(Scope.Benchmark)
    public static class Shared {
        String payload = "value";
        Supplier<String> supplier;
        CircuitBreakerLayer countWindow;
        CircuitBreakerLayer timeWindow;
        CircuitBreaker resilience4j;
        CircuitBreaker resilience4jLockFree;
        Supplier<String> decorated;
        Supplier<String> decoratedLockFree;

        @Setup(Level.Trial)
        public void create() {
            supplier = () -> payload;
            LayerTarget target = LayerTarget.of("bench", METHOD, "java.lang.String", List.of());
            AgentLog log = AgentLog.toStderr(AgentLog.Level.WARN);
            CircuitBreakerSettings defaults = CircuitBreakerSettings.defaults();
            countWindow = new CircuitBreakerLayer(target, defaults, Optional.empty(), Ticker.SYSTEM, log);
            timeWindow = new CircuitBreakerLayer(target, new CircuitBreakerSettings(
                    WindowSpec.time(Duration.ofSeconds(10)), defaults.failureRate(), defaults.slowCall(),
                    defaults.slowCallRate(), defaults.minimumCalls(), defaults.openFor(), defaults.halfOpenCalls(),
                    defaults.maxHalfOpen(), true, ExceptionLists.DEFAULT), Optional.empty(), Ticker.SYSTEM, log);
            resilience4j = CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
            resilience4jLockFree = CircuitBreaker.of("bench-lock-free", CircuitBreakerConfig.custom()
                    .slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE).build());
            decorated = CircuitBreaker.decorateSupplier(resilience4j, supplier);
            decoratedLockFree = CircuitBreaker.decorateSupplier(resilience4jLockFree, supplier);
        }

        /** Every breaker must have stayed closed, or the run measured refusals. */
        @TearDown(Level.Trial)
        public void check() {
            if (countWindow.state() != BreakerState.CLOSED || timeWindow.state() != BreakerState.CLOSED
                    || resilience4j.getState() != CircuitBreaker.State.CLOSED
                    || resilience4jLockFree.getState() != CircuitBreaker.State.CLOSED) {
                throw new IllegalStateException("a breaker left the closed state");
            }
        }
    }

    /**
     * Each thread's call, reused for every invocation: the breaker keeps nothing of it past {@code exit}, so
     * this measures the layer alone, without the chain's one {@code LayeredCall} per call.
     */
    @State(Scope.Thread)
    public static class PerThread {
        final LayeredCall call = LayeredCall.of(null, new Object[0], 0);
        /**
         * A call whose clock readings come from outside, as in a woven call, where the timing's two readings
         * serve every layer: what the breaker adds to a woven call (its clock stands still here, so the
         * count window never sees a slow call).
         */
        final LayeredCall sharedClock = LayeredCall.withSharedClock(null, new Object[0], 0);
    }

    @Benchmark
    public String bare(Shared shared) {
        return shared.supplier.get();
    }

    @Benchmark
    public String perfAgentCountWindow(Shared shared, PerThread thread) {
        return throughPerfAgent(shared.countWindow, shared.supplier, thread.call);
    }

    @Benchmark
    public String perfAgentCountWindowSharedClock(Shared shared, PerThread thread) {
        return throughPerfAgent(shared.countWindow, shared.supplier, thread.sharedClock);
    }

    @Benchmark
    public String perfAgentTimeWindow(Shared shared, PerThread thread) {
        return throughPerfAgent(shared.timeWindow, shared.supplier, thread.call);
    }

    @Benchmark
    public String resilience4jDecorated(Shared shared) {
        return shared.decorated.get();
    }

    @Benchmark
    public String resilience4jDecoratedLockFree(Shared shared) {
        return shared.decoratedLockFree.get();
    }

    @Benchmark
    public String resilience4jRaw(Shared shared) {
        return throughResilience4j(shared.resilience4j, shared.supplier);
    }

    @Benchmark
    public String resilience4jRawLockFree(Shared shared) {
        return throughResilience4j(shared.resilience4jLockFree, shared.supplier);
    }

    private static String throughPerfAgent(CircuitBreakerLayer breaker, Supplier<String> supplier, LayeredCall call) {
        if (breaker.enter(call) != null) {
            throw new IllegalStateException("refused");
        }
        String value = supplier.get();
        breaker.exit(call, value, null);
        return value;
    }

    private static String throughResilience4j(CircuitBreaker breaker, Supplier<String> supplier) {
        if (!breaker.tryAcquirePermission()) {
            throw new IllegalStateException("refused");
        }
        long start = breaker.getCurrentTimestamp();
        String value = supplier.get();
        breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
        return value;
    }
}
