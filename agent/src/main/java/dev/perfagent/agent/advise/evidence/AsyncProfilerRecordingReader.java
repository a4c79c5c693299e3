package dev.perfagent.agent.advise.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordingFile;
import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.StackTrace;
import one.jfr.event.AllocationSample;
import one.jfr.event.ContendedLock;
import one.jfr.event.Event;
import one.jfr.event.ExecutionSample;

/**
 * Reads a JFR file that async-profiler wrote ({@code ...,file=rec.jfr,jfr} or {@code -o jfr}) into the same
 * evidence {@link RecordingFileReader} builds from a JDK recording, so every detector works on it unchanged.
 *
 * <p>Its samples come through async-profiler's own parser ({@code one.jfr.JfrReader}): execution samples
 * (CPU, and wall clock kept apart), allocation samples (weighted by the bytes async-profiler gives each:
 * the new TLAB's size, or the object's outside a TLAB) and contended locks (monitor enters and parks,
 * with duration, lock class and stack). jdk.jfr reads the file's JDK events (CPU load, heap summaries,
 * CPU information; with {@code jfrsync}, the JDK recording's) and leaves out the types the parser reads,
 * so nothing counts twice. The JDK's reader alone would miss much of such a file: async-profiler records
 * allocations as {@code jdk.ObjectAllocationInNewTLAB}/{@code OutsideTLAB}, not the
 * {@code jdk.ObjectAllocationSample} a JDK recording has, and its wall-clock samples in a type of its own.
 *
 * <p>Frames get the names a JDK recording's frames get ({@code java.util.HashMap#get}); a native, C++ or
 * kernel frame, which a JDK recording never has, is its symbol alone ({@code clear_page_erms}), as in
 * async-profiler's collapsed output, so it is never taken for a Java method. Not thread-safe: one instance
 * reads one file.
 */
public final class AsyncProfilerRecordingReader {
    /**
     * How an async-profiler recording is told apart: its metadata declares async-profiler's own event types,
     * in the {@code profiler.} namespace ({@code profiler.WallClockSample}, {@code profiler.Log},
     * {@code profiler.Window}, ...), all of them whatever it sampled (a CPU-only recording declares the
     * wall-clock type with no event of it); the JDK declares none there. The event types are read from the
     * metadata alone, so telling costs no pass over the events. Its {@code jdk.ActiveRecording} name
     * ({@code async-profiler 4.5}) is an event, and a {@code jfrsync} file carries the JDK's too.
     */
    static final String MARKER_TYPE = "profiler.WallClockSample";
    /** The types the parser reads; the jdk.jfr pass leaves them out. */
    static final Set<String> PARSED_TYPES = Set.of("jdk.ExecutionSample", "jdk.NativeMethodSample",
            "profiler.WallClockSample", "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB",
            "jdk.ObjectAllocationSample", "jdk.JavaMonitorEnter", "jdk.ThreadPark");
    /** async-profiler's frame types for frames that are not Java methods (its {@code one.convert.Frame}). */
    private static final byte FRAME_NATIVE = 3;
    private static final byte FRAME_CPP = 4;
    private static final byte FRAME_KERNEL = 5;
    /**
     * The thread state of a CPU sample. async-profiler writes CPU samples (cpu, itimer, ctimer, perf events)
     * in state {@code STATE_DEFAULT} and wall-clock samples in the state the thread was in
     * ({@code STATE_RUNNABLE}, {@code STATE_SLEEPING}); its own converter tells them apart the same way.
     */
    private static final String CPU_STATE = "STATE_DEFAULT";
    private static final String THREAD_STATES = "jdk.types.ThreadState";
    /**
     * The parser reads a monitor enter and a park into the same {@link ContendedLock}; a park's stack starts
     * in {@code Unsafe.park}, where the parked thread sits (async-profiler's and the JDK's alike), a monitor
     * enter's in the method that holds the {@code synchronized} block.
     */
    private static final Set<String> PARK_FRAMES = Set.of("jdk.internal.misc.Unsafe#park", "sun.misc.Unsafe#park");
    /** async-profiler's {@code event} setting values that are not a CPU engine. */
    private static final Set<String> NOT_CPU = Set.of("wall", "alloc", "lock");

    private final JfrReader reader;
    private final EvidenceAccumulator evidence;
    private final EvidenceAccumulator wallClock = new EvidenceAccumulator();
    /** Stacks already named, by stack trace id; ids are the chunk's own, so it is cleared at each chunk. */
    private final Map<Integer, List<String>> stacks = new HashMap<>();
    private long chunkStart = Long.MIN_VALUE;
    private int cpuState = -1;
    private boolean sawCpu;
    private boolean sawWall;
    private boolean sawAllocation;
    private boolean sawLock;

    private AsyncProfilerRecordingReader(JfrReader reader, EvidenceAccumulator evidence) {
        this.reader = reader;
        this.evidence = evidence;
    }

    /**
     * Whether async-profiler wrote the file (see {@link #MARKER_TYPE}).
     *
     * @throws IOException if the file cannot be read or is not a JFR recording
     */
    public static boolean isAsyncProfilerRecording(Path file) throws IOException {
        try (RecordingFile recording = new RecordingFile(file)) {
            for (EventType type : recording.readEventTypes()) {
                if (MARKER_TYPE.equals(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reads an async-profiler recording.
     *
     * @param file a JFR file async-profiler wrote
     * @return the evidence, its window spanning the recording's events, with the wall-clock samples apart
     * @throws IOException if the file cannot be read or is not a complete JFR recording
     */
    public static RecordingEvidence read(Path file) throws IOException {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        RecordingFileReader.feed(file, accumulator, type -> !PARSED_TYPES.contains(type));
        try (JfrReader reader = new JfrReader(file.toString())) {
            AsyncProfilerRecordingReader samples = new AsyncProfilerRecordingReader(reader, accumulator);
            samples.readEvents();
            return new RecordingEvidence(accumulator.snapshot(), samples.origin(), samples.wallClock.snapshot().cpu());
        }
    }

    private void readEvents() throws IOException {
        for (Event event; (event = reader.readEvent()) != null; ) {
            if (reader.chunkStartNanos != chunkStart) {
                chunkStart = reader.chunkStartNanos;
                stacks.clear();
                cpuState = reader.getEnumKey(THREAD_STATES, CPU_STATE);
            }
            if (event instanceof ExecutionSample sample) {
                sample(sample);
            } else if (event instanceof AllocationSample allocation) {
                allocation(allocation);
            } else if (event instanceof ContendedLock lock) {
                lock(lock);
            }
            // Other events (CPU load, heap summaries, ...) come through jdk.jfr.
        }
    }

    private void sample(ExecutionSample sample) {
        if (sample.threadState == ExecutionSample.CPU_TIME_SAMPLE) {
            return; // JDK 25's jdk.CPUTimeSample (a jfrsync file): a JDK recording's reader does not use it either
        }
        Instant at = instant(sample.time);
        evidence.seen(at, at);
        // Without the thread state enum (not seen in async-profiler's files) every sample counts as CPU.
        if (cpuState < 0 || sample.threadState == cpuState) {
            evidence.addCpuSample(stack(sample.stackTraceId), sample.samples);
            sawCpu = true;
        } else {
            wallClock.addCpuSample(stack(sample.stackTraceId), sample.samples);
            sawWall = true;
        }
    }

    private void allocation(AllocationSample allocation) {
        Instant at = instant(allocation.time);
        evidence.seen(at, at);
        evidence.addAllocation(stack(allocation.stackTraceId), className(allocation.classId), allocation.value());
        sawAllocation = true;
    }

    private void lock(ContendedLock lock) {
        Instant start = instant(lock.time);
        long nanos = (long) (lock.duration * reader.nanosPerTick);
        evidence.seen(start, start.plusNanos(nanos));
        List<String> stack = stack(lock.stackTraceId);
        String lockClass = className(lock.classId);
        if (!stack.isEmpty() && PARK_FRAMES.contains(stack.get(0))) {
            evidence.addPark(lockClass, stack, reader.threads.get(lock.tid), nanos);
        } else {
            evidence.addMonitorWait(lockClass, stack, nanos);
        }
        sawLock = true;
    }

    /** What async-profiler says it sampled ({@code jdk.ActiveSetting}); what was seen, where it does not say. */
    private RecordingOrigin origin() {
        Map<String, String> settings = reader.settings;
        List<String> modes = new ArrayList<>();
        String event = settings.get("event");
        if (event != null && !event.isEmpty()) {
            String engine = settings.get("engine");
            // cpu is perf_events where the kernel allows them, else a timer: say which one sampled
            modes.add(NOT_CPU.contains(event) || engine == null || engine.isEmpty() || engine.equals(event) ? event
                    : event + "/" + engine);
            addIf(modes, "wall", settings.containsKey("wall"));
            addIf(modes, "alloc", settings.containsKey("alloc"));
            addIf(modes, "lock", settings.containsKey("lock"));
        } else {
            addIf(modes, "cpu", sawCpu);
            addIf(modes, "wall", sawWall);
            addIf(modes, "alloc", sawAllocation);
            addIf(modes, "lock", sawLock);
        }
        return new RecordingOrigin(RecordingOrigin.ASYNC_PROFILER, settings.get("version"), modes);
    }

    private static void addIf(List<String> modes, String mode, boolean on) {
        if (on && !modes.contains(mode)) {
            modes.add(mode);
        }
    }

    private Instant instant(long ticks) {
        long nanos = reader.eventTimeToNanos(ticks);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The stack's frame names, top frame first (JFR stores stacks top first). */
    private List<String> stack(int stackTraceId) {
        return stacks.computeIfAbsent(stackTraceId, id -> {
            StackTrace trace = reader.stackTraces.get(id);
            if (trace == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>(trace.methods.length);
            for (int i = 0; i < trace.methods.length; i++) {
                names.add(frame(trace.methods[i], trace.types[i]));
            }
            return List.copyOf(names);
        });
    }

    private String frame(long methodId, byte type) {
        MethodRef method = reader.methods.get(methodId);
        if (method == null) {
            return "<unknown>";
        }
        String name = symbol(method.name);
        if (type == FRAME_NATIVE || type == FRAME_CPP || type == FRAME_KERNEL) {
            // async-profiler gives a native frame its library as class (libjvm.so): the symbol names it, or,
            // without a symbol, the library's path, which is named by the library's file name
            return FrameNames.ofNative(name);
        }
        ClassRef owner = reader.classes.get(method.cls);
        return FrameNames.of(owner == null ? null : symbol(owner.name), name);
    }

    /** The class as {@code RecordedClass#getName} spells it; {@code <none>} when the event names none. */
    private String className(long classId) {
        ClassRef type = reader.classes.get(classId);
        String name = type == null ? "" : symbol(type.name);
        return name.isEmpty() ? "<none>" : FrameNames.dotted(name);
    }

    private String symbol(long id) {
        byte[] bytes = reader.symbols.get(id);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
