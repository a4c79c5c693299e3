package dev.perfagent.bench;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.limit.ConcurrencyLimitLayer;
import dev.perfagent.agent.layer.limit.ConcurrencyLimiter;
import dev.perfagent.agent.layer.limit.DroppedExceptions;
import dev.perfagent.agent.layer.limit.FixedSettings;
import dev.perfagent.agent.layer.limit.Gradient2Settings;
import dev.perfagent.agent.layer.limit.LimitAlgorithmSettings;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a concurrency limit costs one call that it admits, beside its anchor:
 *
 * <ul>
 *   <li>{@code perfAgent}: perf-agent's {@link ConcurrencyLimitLayer} as the call chain drives it, {@code enter}
 *       (take a permit: one compare-and-set) then {@code exit} with a returned value (give it back, an RTT sample
 *       into the algorithm), on a {@link LayeredCall} each thread reuses;
 *   <li>{@code netflix}: Netflix concurrency-limits 0.5.4's {@code SimpleLimiter.newBuilder().limit(...).build()},
 *       {@code acquire(ctx)} then {@code listener.onSuccess()}.
 * </ul>
 *
 * Both run the same algorithm ({@code algorithm} parameter): {@code fixed} (a bulkhead: no update on release) and
 * {@code gradient2} (the default: every release runs the update under a lock). The limit is {@value #LIMIT},
 * pinned there (for gradient2 its min, initial and max), so no call is ever refused and each release still runs
 * the whole update. Run with the allocation profiler, at one thread and at two (threads share the limiter, as a
 * service's threads share a site):
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ConcurrencyLimitBenchmark -t 1 -prof gc
 * java -jar benchmarks/target/benchmarks.jar ConcurrencyLimitBenchmark -t 2 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class ConcurrencyLimitBenchmark {

    /** Far more than any run's threads: nobody is refused. */
    static final int LIMIT = 10_000;

    private static final Object[] ARGS = {"key"};
    private static final String RESULT = "value";

    @Param({"fixed", "gradient2"})
    public String algorithm;

    private ConcurrencyLimitLayer layer;
    private Limiter<Void> netflix;

    @Setup(Level.Trial)
    public void setUp() {
        LimitAlgorithmSettings ours;
        Limit theirs;
        if (algorithm.equals("fixed")) {
            ours = new FixedSettings(LIMIT);
            theirs = FixedLimit.of(LIMIT);
        } else if (algorithm.equals("gradient2")) {
            Gradient2Settings d = Gradient2Settings.DEFAULTS;
            ours = new Gradient2Settings(LIMIT, LIMIT, LIMIT, d.smoothing(), d.queueSize(), d.rttTolerance(),
                    d.longWindow());
            theirs = Gradient2Limit.newBuilder().initialLimit(LIMIT).minLimit(LIMIT).maxConcurrency(LIMIT).build();
        } else {
            throw new IllegalArgumentException("unknown algorithm " + algorithm);
        }
        layer = new ConcurrencyLimitLayer("dev.perfagent.bench.Dependency#call(String)",
                new ConcurrencyLimiter(LimiterSettings.rejecting(ours), Ticker.SYSTEM), -1, DroppedExceptions.NONE,
                Ticker.SYSTEM);
        netflix = SimpleLimiter.newBuilder().limit(theirs).build();
    }

    @TearDown(Level.Trial)
    public void checkNothingWasRefusedOrLeaked() {
        ConcurrencyLimiter limiter = layer.limiter();
        if (limiter.rejected() != 0 || limiter.inFlight() != 0 || limiter.limit() != LIMIT) {
            throw new IllegalStateException("perfAgent: " + limiter.rejected() + " refused, " + limiter.inFlight()
                    + " in flight, limit " + limiter.limit());
        }
    }

    /** One thread's call, reused as a site's chain would hand it to the layer. */
    @State(Scope.Thread)
    public static class Call {
        LayeredCall call;

        /** A fresh start time each iteration: the layer measures from admission, relative to it. */
        @Setup(Level.Iteration)
        public void start() {
            call = LayeredCall.of(null, ARGS, Ticker.SYSTEM.read());
        }
    }

    @Benchmark
    public Outcome perfAgent(Call call) {
        Outcome refused = layer.enter(call.call);
        layer.exit(call.call, RESULT, null);
        return refused;
    }

    @Benchmark
    public boolean netflix() {
        Optional<Limiter.Listener> listener = netflix.acquire(null);
        listener.get().onSuccess();
        return listener.isPresent();
    }
}
