package dev.perfagent.bench;

import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.rate.RateLimitLayer;
import dev.perfagent.agent.layer.rate.RateLimitSettings;
import dev.perfagent.agent.layer.rate.Sleeper;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The cost of one rate-limit decision: perf-agent's {@link RateLimitLayer#enter} (GCRA, one
 * compare-and-set) on a reused {@link LayeredCall}, beside Resilience4j's
 * {@link AtomicRateLimiter#acquirePermission()} with a timeout of 0 (refuse rather than wait), in two
 * cases:
 *
 * <ul>
 *   <li>{@code *_open}: a rate so high that nobody is ever limited, the price every admitted call pays:
 *       {@link Integer#MAX_VALUE} per second for Resilience4j; one per nanosecond for perf-agent, with a
 *       burst of a second's worth, since a thread descheduled between its clock reading and its
 *       compare-and-set comes back with a stale reading that the other thread's calls have overtaken
 *       (with a smaller burst, a run at {@code -t 2} on a busy machine does see refusals);
 *   <li>{@code *_saturated}: a limiter whose one permit per hour was taken in set-up, so every call is
 *       refused: the price of a refusal storm. perf-agent's refusal allocates its {@link Outcome} (the
 *       exception is shared); Resilience4j returns {@code false}.
 * </ul>
 *
 * The limiters are shared by all threads, as one site's limiter is shared by the threads calling the
 * method, so {@code -t 2} shows the contention on the one compare-and-set. Run from the repository root
 * after {@code mvn -B -o -q -pl benchmarks -am package -DskipTests}:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RateLimiterBenchmark -t 1 -prof gc
 * java -jar benchmarks/target/benchmarks.jar RateLimiterBenchmark -t 2 -prof gc
 * </pre>
 *
 * After each trial the limiters' own counts are checked: an open limiter that refused a call, or a
 * saturated one that admitted one, fails the run, since it would not measure what it claims to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class RateLimiterBenchmark {
    private static final String METHOD = "dev.perfagent.bench.Target#call()";

    private RateLimitLayer oursOpen;
    private RateLimitLayer oursSaturated;
    private RateLimiter resilience4jOpen;
    private RateLimiter resilience4jSaturated;

    /** Each thread's own call object, reused as a woven call's would not be, so only the decision is measured. */
    @State(Scope.Thread)
    public static class Call {
        final LayeredCall call = LayeredCall.of(null, new Object[0], 0);
    }

    @Setup(Level.Trial)
    public void setUp() {
        oursOpen = new RateLimitLayer(METHOD, RateLimitSettings.rejecting(1_000_000_000, Duration.ofSeconds(1),
                1_000_000_000), Ticker.SYSTEM, Sleeper.parking());
        oursSaturated = new RateLimitLayer(METHOD, RateLimitSettings.rejecting(1, Duration.ofHours(1), 0),
                Ticker.SYSTEM, Sleeper.parking());
        if (oursSaturated.enter(LayeredCall.of(null, new Object[0], 0)) != null) {
            throw new IllegalStateException("the saturated limiter's one permit was not free");
        }
        resilience4jOpen = new AtomicRateLimiter("open", RateLimiterConfig.custom()
                .limitForPeriod(Integer.MAX_VALUE).limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO).build());
        resilience4jSaturated = new AtomicRateLimiter("saturated", RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofHours(1))
                .timeoutDuration(Duration.ZERO).build());
        if (!resilience4jSaturated.acquirePermission()) {
            throw new IllegalStateException("the saturated Resilience4j limiter's one permit was not free");
        }
    }

    @TearDown(Level.Trial)
    public void check() {
        expect(figure(oursOpen, "rejected") == 0, "the open limiter refused calls");
        expect(figure(oursSaturated, "permitted") == 1, "the saturated limiter let calls through");
        // Resilience4j keeps no counts; its available permissions tell whether the cases held.
        expect(resilience4jOpen.getMetrics().getAvailablePermissions() > 0,
                "the open Resilience4j limiter ran out of permissions");
        expect(resilience4jSaturated.getMetrics().getAvailablePermissions() <= 0,
                "the saturated Resilience4j limiter got permissions back");
    }

    @Benchmark
    public Outcome ours_open(Call call) {
        return oursOpen.enter(call.call);
    }

    @Benchmark
    public Outcome ours_saturated(Call call) {
        return oursSaturated.enter(call.call);
    }

    @Benchmark
    public boolean resilience4j_open() {
        return resilience4jOpen.acquirePermission();
    }

    @Benchmark
    public boolean resilience4j_saturated() {
        return resilience4jSaturated.acquirePermission();
    }

    private static double figure(RateLimitLayer layer, String name) {
        for (LayerFigure figure : layer.figures()) {
            if (figure.name().equals(name)) {
                return figure.value();
            }
        }
        throw new IllegalStateException("no figure " + name);
    }

    private static void expect(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise + ": the run does not measure what it claims to");
        }
    }
}
