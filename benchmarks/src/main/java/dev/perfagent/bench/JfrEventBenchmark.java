package dev.perfagent.bench;

import dev.perfagent.export.jfr.ConcurrencyLimitEvent;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an emit site of a perf-agent JFR event costs while no recording is running, beside the same code
 * without it. Both methods do the same small piece of work (a limit update's arithmetic on a field);
 * {@code emitWhileOff} also calls {@link ConcurrencyLimitEvent#emit} with the values, as the limiter does
 * after a change. No recording runs in the benchmark's JVM (checked in setup), so the emit is the static
 * probe only:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar JfrEventBenchmark -f 1 -wi 2 -i 3 -prof gc
 * }</pre>
 *
 * {@code gc.alloc.rate.norm} shows the emit allocates nothing while off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JfrEventBenchmark {

    private int limit = 20;
    private int inFlight = 7;
    private long rtt = 1_000_000;

    /** Refuses to measure "off" while a recording runs (a -XX:StartFlightRecording left in JAVA_TOOL_OPTIONS). */
    @Setup
    public void noRecording() {
        if (FlightRecorder.isInitialized() && !FlightRecorder.getFlightRecorder().getRecordings().isEmpty()) {
            throw new IllegalStateException("a JFR recording is running: this benchmark measures JFR off");
        }
    }

    /** The work alone: the next limit from the last one and a sample. */
    @Benchmark
    public int noEvent() {
        return step();
    }

    /** The same work, then the event's emit site with JFR off. */
    @Benchmark
    public int emitWhileOff() {
        int old = limit;
        int next = step();
        ConcurrencyLimitEvent.emit("com.example.Client#fetch(String)", "client", "gradient2", old, next, inFlight,
                rtt, false);
        return next;
    }

    private int step() {
        rtt = rtt * 6364136223846793005L + 1442695040888963407L; // a fresh "sample" each call
        int next = 1 + (int) ((limit * 31L + (rtt >>> 60)) % 200);
        inFlight = next >>> 1;
        limit = next;
        return next;
    }
}
