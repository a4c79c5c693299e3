package dev.perfagent.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the nanoseconds of a woven call go: the parts of perf-agent's timing path, each alone and
 * without the agent. {@code allParts} strings them together the way {@code Hooks} and
 * {@code TimingRecorder} did until 2026-11-23 (two clock reads, the per-thread depth guard on entry and
 * exit, one value into a cumulative {@link AtomicHistogram}, one {@link LongAdder} for the exact total),
 * so comparing it with {@link TimingOverheadBenchmark}'s {@code woven} of that time shows what the advice
 * and the dispatch added on top. {@code hdrRecorder} (the recorder perf-agent used before that),
 * {@code singleWriterRecorder} and {@code plainHistogram} show what other recorders cost;
 * {@code plainHistogram} is what a thread recording into a cell it owns now pays
 * ({@code ThreadCellHistogram}).
 *
 * <p>The {@code _2threads} variants let two threads record into one {@link Shared} set of recorders, as
 * two threads calling one woven method do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class TimingPathBreakdownBenchmark {
    private static final long HIGHEST = TimeUnit.HOURS.toNanos(1);

    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[64]);
    private final AtomicHistogram atomicHistogram = new AtomicHistogram(1, HIGHEST, 2);
    private final LongAdder totalNanos = new LongAdder();
    private final Recorder recorder = new Recorder(1, HIGHEST, 2);
    private final SingleWriterRecorder singleWriterRecorder = new SingleWriterRecorder(1, HIGHEST, 2);
    private final Histogram histogram = new Histogram(1, HIGHEST, 2);
    private long value = 100;

    /** One set of recorders for all threads, as one site has. */
    @State(Scope.Benchmark)
    public static class Shared {
        final AtomicHistogram atomicHistogram = new AtomicHistogram(1, HIGHEST, 2);
        final LongAdder totalNanos = new LongAdder();
        final Recorder recorder = new Recorder(1, HIGHEST, 2);
    }

    /** Keeps recorded values in a realistic range (tens of ns to ms) and changing. */
    private long nextValue() {
        value = (value * 1103515245L + 12345L) & 0xFFFFF;
        return value + 20;
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public int depthGuardEnterExit() {
        int[] d = depth.get();
        int outer = d[7]++;
        depth.get()[7]--;
        return outer;
    }

    @Benchmark
    public void atomicHistogram() {
        atomicHistogram.recordValue(nextValue());
    }

    @Benchmark
    public void longAdder() {
        totalNanos.add(nextValue());
    }

    @Benchmark
    public void hdrRecorder() {
        recorder.recordValue(nextValue());
    }

    @Benchmark
    public void singleWriterRecorder() {
        singleWriterRecorder.recordValue(nextValue());
    }

    @Benchmark
    public void plainHistogram() {
        histogram.recordValue(nextValue());
    }

    @Benchmark
    public long allParts() {
        return allParts(atomicHistogram, totalNanos);
    }

    @Benchmark
    @Threads(2)
    public void atomicHistogram_2threads(Shared shared) {
        shared.atomicHistogram.recordValue(nextValue());
    }

    @Benchmark
    @Threads(2)
    public void longAdder_2threads(Shared shared) {
        shared.totalNanos.add(nextValue());
    }

    @Benchmark
    @Threads(2)
    public void hdrRecorder_2threads(Shared shared) {
        shared.recorder.recordValue(nextValue());
    }

    @Benchmark
    @Threads(2)
    public long allParts_2threads(Shared shared) {
        return allParts(shared.atomicHistogram, shared.totalNanos);
    }

    private long allParts(AtomicHistogram latencies, LongAdder total) {
        long start = System.nanoTime();
        int[] d = depth.get();
        int outer = d[7]++;
        long elapsed = System.nanoTime() - start;
        depth.get()[7]--;
        latencies.recordValue(elapsed);
        total.add(elapsed);
        return outer;
    }
}
