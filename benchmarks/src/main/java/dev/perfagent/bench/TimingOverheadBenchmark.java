package dev.perfagent.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What perf-agent's timing advice adds to one call, beside the anchors a user compares it with:
 *
 * <ul>
 *   <li>{@code bare}: {@link BareTarget#work(long)}, no timing at all;
 *   <li>{@code nanoTimeOnly}: the bare call between two {@link System#nanoTime()} reads, the floor for any timer;
 *   <li>{@code woven}: {@link TimedTarget#work(long)} (same body), with perf-agent's advice woven in;
 *   <li>{@code micrometerTimer}: the bare call timed by hand into a Micrometer {@link Timer}
 *       ({@code timer.record(elapsed, NANOSECONDS)}) on a {@link SimpleMeterRegistry};
 *   <li>{@code micrometerSample}: the same with the documented {@link Timer.Sample} idiom.
 * </ul>
 *
 * Each comes in a one-thread and a two-thread ({@code _2threads}) form; the two threads share the
 * site, the timer and the registry, as the threads of a service do.
 *
 * <p>Every fork runs with perf-agent ({@link #AGENT}), so all variants see the same JVM set-up. Paths
 * there are relative to the working directory: run from {@code benchmarks/} (see docs/benchmarks.md),
 * or replace them with JMH's {@code -jvmArgsAppend}. Before measuring, {@link Shared#awaitAgent} waits
 * until the agent counts calls of {@code TimedTarget#work(long)} and checks that {@code BareTarget} is
 * not woven; after the run it checks that the agent counted the woven variant's calls (and only
 * those). Either check failing fails the benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = TimingOverheadBenchmark.AGENT)
public class TimingOverheadBenchmark {

    /** The agent option every fork gets, relative to {@code benchmarks/}. */
    public static final String AGENT = "-javaagent:target/perf-agent.jar=config=timing-overhead.yaml";

    static final String WOVEN_METHOD = "dev.perfagent.bench.TimedTarget#work(long)";
    static final String BARE_METHOD = "dev.perfagent.bench.BareTarget#work(long)";
    /** The woven variant runs for seconds at a few ns per call: far more calls than this. */
    static final long MIN_WOVEN_CALLS = 1_000_000;

    /** What all threads of a run share: the targets, the Micrometer timer, the agent checks. */
    @State(Scope.Benchmark)
    public static class Shared {
        final BareTarget bare = new BareTarget();
        final TimedTarget timed = new TimedTarget();
        final MeterRegistry registry = new SimpleMeterRegistry();
        final Timer timer = Timer.builder("bench.work").register(registry);
        private boolean wovenVariant;
        private long callsBefore;

        /** Waits (up to 60 s) until perf-agent has woven {@code TimedTarget}; fails otherwise. */
        @Setup(Level.Trial)
        public void awaitAgent(BenchmarkParams params) {
            AgentStatusProbe.awaitWoven(WOVEN_METHOD, () -> timed.work(1), Duration.ofSeconds(60));
            if (AgentStatusProbe.calls(BARE_METHOD) >= 0) {
                throw new IllegalStateException(BARE_METHOD + " is woven: the benchmark's config is wrong");
            }
            wovenVariant = params.getBenchmark().endsWith(".woven") || params.getBenchmark().endsWith(".woven_2threads");
            callsBefore = AgentStatusProbe.calls(WOVEN_METHOD);
        }

        /** Checks that perf-agent counted the woven variant's calls, and no calls of any other variant. */
        @TearDown(Level.Trial)
        public void checkCounted() {
            long counted = AgentStatusProbe.calls(WOVEN_METHOD) - callsBefore;
            if (wovenVariant && counted < MIN_WOVEN_CALLS) {
                throw new IllegalStateException("perf-agent counted only " + counted + " calls of " + WOVEN_METHOD
                        + ": the woven variant did not run woven");
            }
            if (!wovenVariant && counted != 0) {
                throw new IllegalStateException("perf-agent counted " + counted + " calls of " + WOVEN_METHOD
                        + " in a variant that never calls it");
            }
            System.out.println();
            System.out.println("perf-agent counted " + counted + " calls of " + WOVEN_METHOD + " in this fork");
        }
    }

    /** Each thread's own argument, changed every call so nothing can be hoisted out of the loop. */
    @State(Scope.Thread)
    public static class Input {
        long x = System.identityHashCode(this);
    }

    @Benchmark
    public long bare(Shared s, Input in) {
        return s.bare.work(in.x++);
    }

    @Benchmark
    public long nanoTimeOnly(Shared s, Input in) {
        long start = System.nanoTime();
        long result = s.bare.work(in.x++);
        return result + (System.nanoTime() - start);
    }

    @Benchmark
    public long woven(Shared s, Input in) {
        return s.timed.work(in.x++);
    }

    @Benchmark
    public long micrometerTimer(Shared s, Input in) {
        long start = System.nanoTime();
        long result = s.bare.work(in.x++);
        s.timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return result;
    }

    @Benchmark
    public long micrometerSample(Shared s, Input in) {
        Timer.Sample sample = Timer.start(s.registry);
        long result = s.bare.work(in.x++);
        sample.stop(s.timer);
        return result;
    }

    @Benchmark
    @Threads(2)
    public long bare_2threads(Shared s, Input in) {
        return bare(s, in);
    }

    @Benchmark
    @Threads(2)
    public long nanoTimeOnly_2threads(Shared s, Input in) {
        return nanoTimeOnly(s, in);
    }

    @Benchmark
    @Threads(2)
    public long woven_2threads(Shared s, Input in) {
        return woven(s, in);
    }

    @Benchmark
    @Threads(2)
    public long micrometerTimer_2threads(Shared s, Input in) {
        return micrometerTimer(s, in);
    }

    @Benchmark
    @Threads(2)
    public long micrometerSample_2threads(Shared s, Input in) {
        return micrometerSample(s, in);
    }
}
