package dev.perfagent.agent.profile;

import dev.perfagent.agent.log.AgentLog;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The always-on JFR half of the profiler: one {@link RecordingStream}, open from start to detach, with
 * production-safe thresholds, read on an agent thread and handed to the sink event by event. Feeds the
 * JFR stack collapsers for execution samples (when JFR samples CPU), allocation samples and monitor
 * enters.
 */
final class JfrEventStream implements AutoCloseable {

    /** Contended locks and parks shorter than this are not recorded (JFR's own default is 20ms). */
    static final Duration LOCK_THRESHOLD = Duration.ofMillis(10);
    /**
     * Allocation samples per second at most, in a window long enough to gather {@link #ALLOCATION_SAMPLES_PER_WINDOW}
     * at this rate. JFR's default.jfc takes 150/s; in variant runs on the sample inference service, 150/s with
     * stack traces cost about 5% more CPU per request and 20/s none measurable (docs/benchmarks.md, "Which part
     * costs").
     */
    static final int ALLOCATION_RATE = 20;
    /**
     * Samples a window should gather (the allocation detectors need 50): a short window samples faster than
     * {@link #ALLOCATION_RATE} to reach it.
     */
    static final int ALLOCATION_SAMPLES_PER_WINDOW = 240;
    /** How long JFR keeps streamed data on disk: the stream consumes it within seconds. */
    private static final Duration MAX_AGE = Duration.ofMinutes(2);

    private final RecordingStream stream;
    private final Thread thread;
    private final StackCollapser cpu = new StackCollapser();
    private final StackCollapser alloc = new StackCollapser();
    private final StackCollapser lock = new StackCollapser();

    /**
     * Configures the stream and starts reading it on a thread from {@code threads}.
     *
     * @param allocationsPerSecond the allocation sampling rate ({@link #allocationRate}), or 0 for none
     * @param executionSamples the JFR execution sampling period, or null when async-profiler samples CPU
     */
    JfrEventStream(Duration ioThreshold, int allocationsPerSecond, boolean locks, Duration executionSamples,
                   Consumer<RecordedEvent> sink, ThreadFactory threads, AgentLog log) {
        stream = new RecordingStream();
        stream.setMaxAge(MAX_AGE);
        stream.setReuse(true);
        stream.enable("jdk.GarbageCollection");
        stream.enable("jdk.GCHeapSummary");
        stream.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
        stream.enable("jdk.ContainerCPUThrottling").withPeriod(Duration.ofSeconds(1));
        stream.enable("jdk.SocketRead").withThreshold(ioThreshold).withStackTrace();
        stream.enable("jdk.SocketWrite").withThreshold(ioThreshold).withStackTrace();
        stream.enable("jdk.FileRead").withThreshold(ioThreshold).withStackTrace();
        stream.enable("jdk.FileWrite").withThreshold(ioThreshold).withStackTrace();
        stream.enable("jdk.JavaErrorThrow").withStackTrace();
        stream.enable("jdk.ExceptionStatistics").withPeriod(Duration.ofSeconds(1));
        stream.enable("jdk.SafepointBegin");
        stream.enable("jdk.CPUInformation");
        if (locks) {
            stream.enable("jdk.JavaMonitorEnter").withThreshold(LOCK_THRESHOLD).withStackTrace();
            stream.enable("jdk.ThreadPark").withThreshold(LOCK_THRESHOLD).withStackTrace();
        }
        if (allocationsPerSecond > 0) {
            stream.enable("jdk.ObjectAllocationSample").with("throttle", allocationsPerSecond + "/s").withStackTrace();
        }
        if (executionSamples != null) {
            stream.enable("jdk.ExecutionSample").withPeriod(executionSamples);
        }
        stream.onEvent(event -> {
            try {
                deliver(event, sink);
            } catch (Throwable t) {
                log.rateLimited(AgentLog.Level.WARN, "profiler-jfr-sink", "profile sink failed on "
                        + event.getEventType().getName() + ": " + t);
            }
        });
        thread = threads.newThread(() -> {
            try {
                stream.start();
            } catch (Throwable t) {
                log.error("JFR event stream stopped: " + t);
            }
        });
        thread.start();
    }

    private void deliver(RecordedEvent event, Consumer<RecordedEvent> sink) {
        switch (event.getEventType().getName()) {
            case "jdk.GCHeapSummary":
                // The heap after each collection is what shows live data; the "before" half doubles the volume.
                if (!"After GC".equals(event.getString("when"))) {
                    return;
                }
                break;
            case "jdk.ExecutionSample":
                cpu.add(event.getStackTrace());
                break;
            case "jdk.ObjectAllocationSample":
                alloc.add(event.getStackTrace());
                break;
            case "jdk.JavaMonitorEnter":
                lock.add(event.getStackTrace());
                break;
            default:
                break;
        }
        sink.accept(event);
    }

    /** Allocation samples per second for windows of this length: {@link #ALLOCATION_RATE}, more in short ones. */
    static int allocationRate(Duration window) {
        long seconds = Math.max(1, window.toSeconds());
        return (int) Math.max(ALLOCATION_RATE, (ALLOCATION_SAMPLES_PER_WINDOW + seconds - 1) / seconds);
    }

    /** Changes the execution sampling period (backing off); only when JFR samples CPU. */
    void executionSamples(Duration period) {
        stream.enable("jdk.ExecutionSample").withPeriod(period);
    }

    /** The window's stacks of {@code kind} counted from JFR events, and starts afresh. */
    String drain(SampleKind kind) {
        switch (kind) {
            case CPU:
                return cpu.drain();
            case ALLOC:
                return alloc.drain();
            case LOCK:
                return lock.drain();
            default:
                throw new IllegalArgumentException("JFR does not sample " + kind);
        }
    }

    /** Whether the reading thread still runs. */
    boolean running() {
        return thread.isAlive();
    }

    /** Closes the stream and waits for its thread to end. */
    @Override
    public void close() {
        stream.close();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
