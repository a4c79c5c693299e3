package dev.perfagent.agent.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Measures what profiling costs the process, window by window: CPU time of the threads that do the
 * profiling (the agent's profiler threads, and JFR's own threads, matched by name) against the
 * process's CPU time. async-profiler's signal handlers run on the sampled threads and are not counted
 * apart; at 10ms intervals they cost microseconds per sample. Used by one thread.
 */
final class OverheadMeter {

    /** CPU time spent in one window. */
    record WindowCost(long profilerCpuNanos, long processCpuNanos, long wallNanos) {
        /** Profiler CPU as a share of process CPU, in percent; 0 when the process used none. */
        double percent() {
            return processCpuNanos <= 0 ? 0 : 100.0 * profilerCpuNanos / processCpuNanos;
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final Predicate<String> profilerThread;
    private final Map<Long, Long> lastThreadCpu = new HashMap<>();
    private long lastProcessCpu;
    private long lastWall;

    /** @param profilerThread which thread names count as profiling */
    OverheadMeter(Predicate<String> profilerThread) {
        this.profilerThread = profilerThread;
    }

    /** Whether the JVM can measure thread and process CPU time here. */
    boolean supported() {
        return threads.isThreadCpuTimeSupported() && processCpu() >= 0;
    }

    /** Starts a window. */
    void begin() {
        lastThreadCpu.clear();
        profilerCpu(lastThreadCpu);
        lastProcessCpu = processCpu();
        lastWall = System.nanoTime();
    }

    /** Ends the window begun last and begins the next. */
    WindowCost next() {
        Map<Long, Long> now = new HashMap<>();
        profilerCpu(now);
        long profiler = 0;
        for (Map.Entry<Long, Long> thread : now.entrySet()) {
            // A thread born during the window counts from zero.
            profiler += Math.max(0, thread.getValue() - lastThreadCpu.getOrDefault(thread.getKey(), 0L));
        }
        long process = processCpu();
        long wall = System.nanoTime();
        WindowCost cost = new WindowCost(profiler, Math.max(0, process - lastProcessCpu), wall - lastWall);
        lastThreadCpu.clear();
        lastThreadCpu.putAll(now);
        lastProcessCpu = process;
        lastWall = wall;
        return cost;
    }

    private void profilerCpu(Map<Long, Long> out) {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && profilerThread.test(info.getThreadName())) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    out.put(info.getThreadId(), cpu);
                }
            }
        }
    }

    private long processCpu() {
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
