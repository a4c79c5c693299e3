package dev.perfagent.sample.workload;

import dev.perfagent.agent.profile.AsyncProfilerLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.Assumptions;

/**
 * Records a real async-profiler JFR file of a known workload, with async-profiler loaded in-process the
 * way the agent loads it: one thread burning CPU in {@link RecordedWorkload#spinHot}, one allocating byte arrays in
 * {@link #fillBuffers} (paced, so it does not outdo the CPU thread), and two threads queuing on a
 * {@code synchronized} monitor of class {@link Ledger} in {@link #appendUnderMonitor}. The threads run for a
 * fixed workload duration and are joined; the test is skipped where async-profiler cannot load.
 *
 * <p>It lives outside the agent's packages ({@code AgentFrames}) so that the advice takes it for the
 * application it stands for.
 */
public final class AsyncProfilerWorkload {
    /** The method the CPU thread spends its time in: the JDK recording's, {@link RecordedWorkload#spinHot}. */
    public static final String HOT_METHOD = RecordedWorkload.HOT_METHOD;
    /** The method that allocates the byte arrays. */
    public static final String ALLOC_METHOD = AsyncProfilerWorkload.class.getName() + "#fillBuffers";
    /** The class of the contended monitor. */
    public static final String MONITOR_CLASS = Ledger.class.getName();
    /** The method whose {@code synchronized} block the threads queue at. */
    public static final String MONITOR_METHOD = AsyncProfilerWorkload.class.getName() + "#appendUnderMonitor";

    /**
     * What was recorded.
     *
     * @param version async-profiler's version
     * @param event the sampling event it ran with: {@code cpu}, else {@code itimer} where perf_events and
     *     the CPU timer are refused, or {@code wall}
     */
    public record Recorded(String version, String event) {
    }

    /** The monitor the contending threads queue on; a class of its own so the evidence can name it. */
    static final class Ledger {
        private long entries;
    }

    private final Ledger ledger = new Ledger();
    private final long deadline;
    private volatile long sink;
    private volatile byte[][] buffers;

    private AsyncProfilerWorkload(Duration length) {
        this.deadline = System.nanoTime() + length.toNanos();
    }

    /**
     * Runs the workload for {@code length} under async-profiler with {@code event} (CPU falls back to
     * itimer), allocation and lock profiling, and writes its JFR output to {@code file}.
     *
     * @param file where the recording goes
     * @param nativeDir where async-profiler's library is extracted
     * @param length how long the workload runs
     * @param wall whether to sample wall clock instead of CPU
     */
    public static Recorded record(Path file, Path nativeDir, Duration length, boolean wall) throws Exception {
        AsyncProfilerLoader.Outcome outcome =
                new AsyncProfilerLoader(AsyncProfilerWorkload.class.getClassLoader()).load(List.of(nativeDir));
        Assumptions.assumeTrue(outcome.loaded(), outcome.problem());
        AsyncProfiler profiler = outcome.profiler();
        String options = ",interval=1ms,alloc,lock=1ms,file=" + file + ",jfr";
        String event;
        if (wall) {
            profiler.execute("start,event=wall" + options);
            event = "wall";
        } else {
            event = startCpu(profiler, options);
        }
        try {
            new AsyncProfilerWorkload(length).run();
        } finally {
            profiler.execute("stop");
        }
        return new Recorded(profiler.getVersion(), event);
    }

    /** Starts CPU sampling: perf_events (or the CPU timer async-profiler falls back to), else itimer. */
    private static String startCpu(AsyncProfiler profiler, String options) throws IOException {
        try {
            profiler.execute("start,event=cpu" + options);
            return "cpu";
        } catch (IOException | IllegalStateException refused) {
            profiler.execute("start,event=itimer" + options);
            return "itimer";
        }
    }

    private void run() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        threads.add(start("hot", this::runHot));
        threads.add(start("alloc", this::runAlloc));
        for (int i = 0; i < 2; i++) {
            threads.add(start("monitor-" + i, this::runMonitor));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private boolean running() {
        return System.nanoTime() - deadline < 0;
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, "ap-workload-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void runHot() {
        long x = 17;
        while (running()) {
            x = RecordedWorkload.spinHot(x);
        }
        sink = x;
    }

    private void runAlloc() {
        while (running()) {
            fillBuffers();
            // Paces the allocation (about 256 MB/s), so the CPU samples stay the hot thread's.
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /** The allocation site: 64 arrays of 4 KB a call. */
    void fillBuffers() {
        byte[][] fresh = new byte[64][];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = new byte[4096];
        }
        buffers = fresh;
    }

    private void runMonitor() {
        while (running()) {
            appendUnderMonitor();
        }
    }

    /** Holds the monitor for 2 ms without using CPU, so the other thread waits on entry. */
    void appendUnderMonitor() {
        synchronized (ledger) {
            ledger.entries++;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
