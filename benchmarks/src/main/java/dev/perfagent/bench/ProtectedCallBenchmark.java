package dev.perfagent.bench;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a protected call costs the way a user gets it: perf-agent's layers woven into a method by config
 * ({@code protected-call.yaml}, every fork runs with the agent) beside the same method wrapped by hand
 * with the anchor library, in one run. Unlike the layer benchmarks ({@link CircuitBreakerBenchmark},
 * {@link RateLimiterBenchmark}, {@link ConcurrencyLimitBenchmark}) this includes everything the agent adds
 * to a call: the advice, the boxed arguments and return value, the chain and the timing, which every
 * woven method has ({@code timed} shows that floor).
 *
 * <ul>
 *   <li>{@code bare}: {@link BareTarget#work(long)}, nothing around it;
 *   <li>{@code timed}: woven, timing only;
 *   <li>{@code breaker} vs {@code resilience4jBreaker}: a closed circuit breaker, Resilience4j 2.4.0's
 *       {@code CircuitBreaker.decorateSupplier} with its defaults;
 *   <li>{@code rateLimited} vs {@code resilience4jRateLimiter}: a rate limit nobody reaches,
 *       {@code RateLimiter.decorateSupplier} with {@code timeoutDuration 0};
 *   <li>{@code concurrencyLimited} vs {@code netflixLimiter}: a fixed limit of 1000,
 *       {@code SimpleLimiter.acquire} + {@code onSuccess}.
 * </ul>
 *
 * <p>Run from {@code benchmarks/}: {@code java -jar target/benchmarks.jar ProtectedCallBenchmark -prof gc -t 1}
 * (and {@code -t 2}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = ProtectedCallBenchmark.AGENT)
public class ProtectedCallBenchmark {

    /** The agent option every fork gets, relative to {@code benchmarks/}. */
    public static final String AGENT = "-javaagent:target/perf-agent.jar=config=protected-call.yaml";

    /** The targets and the anchors, shared by the threads as a service's threads share them. */
    @State(Scope.Benchmark)
    public static class Shared {
        final BareTarget bare = new BareTarget();
        final GuardedTarget guarded = new GuardedTarget();
        CircuitBreaker breaker;
        RateLimiter rateLimiter;
        Limiter<Void> limiter;

        @Setup(Level.Trial)
        public void setUp() {
            for (String method : new String[] {"timed", "breaker", "rateLimited", "concurrencyLimited"}) {
                AgentStatusProbe.awaitWoven("dev.perfagent.bench.GuardedTarget#" + method + "(long)",
                        () -> call(method), Duration.ofSeconds(60));
            }
            breaker = CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
            rateLimiter = RateLimiter.of("bench", RateLimiterConfig.custom().limitForPeriod(Integer.MAX_VALUE)
                    .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
            limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1000)).build();
        }

        private void call(String method) {
            switch (method) {
                case "timed" -> guarded.timed(1);
                case "breaker" -> guarded.breaker(1);
                case "rateLimited" -> guarded.rateLimited(1);
                default -> guarded.concurrencyLimited(1);
            }
        }
    }

    /** Each thread's own argument, changed every call so nothing can be hoisted out of the loop. */
    @State(Scope.Thread)
    public static class Input {
        long x = System.identityHashCode(this);
        Supplier<Long> breakerCall;
        Supplier<Long> rateCall;

        @Setup(Level.Trial)
        public void setUp(Shared s) {
            // Decorated once, as an application holds its decorated supplier; the argument comes from the state.
            breakerCall = CircuitBreaker.decorateSupplier(s.breaker, () -> s.bare.work(x++));
            rateCall = RateLimiter.decorateSupplier(s.rateLimiter, () -> s.bare.work(x++));
        }
    }

    @Benchmark
    public long bare(Shared s, Input in) {
        return s.bare.work(in.x++);
    }

    @Benchmark
    public long timed(Shared s, Input in) {
        return s.guarded.timed(in.x++);
    }

    @Benchmark
    public long breaker(Shared s, Input in) {
        return s.guarded.breaker(in.x++);
    }

    @Benchmark
    public Long resilience4jBreaker(Input in) {
        return in.breakerCall.get();
    }

    @Benchmark
    public long rateLimited(Shared s, Input in) {
        return s.guarded.rateLimited(in.x++);
    }

    @Benchmark
    public Long resilience4jRateLimiter(Input in) {
        return in.rateCall.get();
    }

    @Benchmark
    public long concurrencyLimited(Shared s, Input in) {
        return s.guarded.concurrencyLimited(in.x++);
    }

    @Benchmark
    public long netflixLimiter(Shared s, Input in) {
        Optional<Limiter.Listener> listener = s.limiter.acquire(null);
        long result = s.bare.work(in.x++);
        listener.orElseThrow().onSuccess();
        return result;
    }
}
