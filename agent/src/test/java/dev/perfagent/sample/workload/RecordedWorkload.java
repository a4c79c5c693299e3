package dev.perfagent.sample.workload;

import dev.perfagent.agent.advise.evidence.Contention;
import dev.perfagent.agent.advise.evidence.RecordingFileReader;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.Recording;

/**
 * Records a short, real JFR file of a known workload: one thread burning CPU in {@link #spinHot}, a convoy
 * of threads queuing on a {@code synchronized} monitor of class {@link ConvoyMonitor}, a convoy parked on a
 * {@link ReentrantLock}, and an idle scheduled pool whose waits for work must not count as contention.
 * It records until the evidence holds enough of each (polling the running recording), not for a fixed time.
 *
 * <p>It lives outside the agent's packages ({@code AgentFrames}) so that the advice takes it for the
 * application it stands for.
 */
public final class RecordedWorkload {
    /** The method the CPU thread spends its time in. */
    public static final String HOT_METHOD = RecordedWorkload.class.getName() + "#spinHot";
    /** The class of the contended monitor. */
    public static final String MONITOR_CLASS = ConvoyMonitor.class.getName();
    /** The parked-on class of the {@link ReentrantLock} convoy. */
    public static final String PARK_CLASS = "java.util.concurrent.locks.ReentrantLock$NonfairSync";
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final long MIN_HOT_SAMPLES = 150;
    private static final long MIN_WAITS = 20;

    /** The lock the monitor convoy queues on; a class of its own so the evidence can name it. */
    static final class ConvoyMonitor {
    }

    private final ConvoyMonitor monitor = new ConvoyMonitor();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean stop;
    private volatile long sink;

    private RecordedWorkload() {
    }

    /**
     * Runs the workload under a recording and writes the recording to {@code file}.
     *
     * @param file where the recording goes
     * @return the evidence of the recording as written
     */
    public static WindowEvidence record(Path file) throws Exception {
        return new RecordedWorkload().run(file);
    }

    private WindowEvidence run(Path file) throws Exception {
        List<Thread> threads = new ArrayList<>();
        ScheduledThreadPoolExecutor idlePool = new ScheduledThreadPoolExecutor(1);
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
            recording.enable("jdk.CPUInformation");
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.GCHeapSummary");
            recording.start();
            threads.add(start("hot", this::runHot));
            for (int i = 0; i < 3; i++) {
                threads.add(start("monitor-convoy-" + i, this::runMonitorConvoy));
                threads.add(start("park-convoy-" + i, this::runParkConvoy));
            }
            idlePool.scheduleAtFixedRate(() -> sink++, 0, 5, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!enough(RecordingFileReader.read(dump(recording, file)))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the recording did not gather enough evidence within " + PATIENCE);
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            recording.stop();
            recording.dump(file);
        } finally {
            stop = true;
            idlePool.shutdownNow();
            for (Thread thread : threads) {
                thread.join();
            }
        }
        return RecordingFileReader.read(file);
    }

    private static Path dump(Recording recording, Path file) throws java.io.IOException {
        recording.dump(file);
        return file;
    }

    private static boolean enough(WindowEvidence evidence) {
        return evidence.cpu().self().getOrDefault(HOT_METHOD, 0L) >= MIN_HOT_SAMPLES
                && waits(evidence.contention().monitors(), MONITOR_CLASS) >= MIN_WAITS
                && waits(evidence.contention().parks(), PARK_CLASS) >= MIN_WAITS;
    }

    private static long waits(Map<String, Map<String, dev.perfagent.agent.advise.evidence.DurationStat>> locks,
            String key) {
        return Contention.sum(locks.getOrDefault(key, Map.of())).count();
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, "workload-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void runHot() {
        long x = 17;
        while (!stop) {
            x = spinHot(x);
        }
        sink = x;
    }

    /**
     * Pure arithmetic: the CPU samples land here, in both workloads' recordings ({@link AsyncProfilerWorkload} spins
     * here too, so both {@code HOT_METHOD}s name this method). The arithmetic stays in this method's own body: the
     * profilers' self frame is whatever method holds the loop.
     */
    static long spinHot(long seed) {
        long x = seed;
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 17;
        }
        return x;
    }

    private void runMonitorConvoy() {
        while (!stop) {
            synchronized (monitor) {
                holdBriefly();
            }
        }
    }

    private void runParkConvoy() {
        while (!stop) {
            lock.lock();
            try {
                holdBriefly();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Keeps the lock for 2 ms without using CPU, so the waiters, not the holder, show up. */
    private static void holdBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
