package dev.perfagent.agent.advise.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * Sums up one window of evidence from events fed one at a time, so the same code serves a live
 * {@code jdk.jfr.consumer.RecordingStream} and an offline {@code RecordingFile}; also takes CPU and
 * allocation samples as async-profiler collapsed-stack lines ({@code root;...;leaf count}), and samples
 * and waits already resolved to frame names (what {@link AsyncProfilerRecordingReader} parses).
 *
 * <p>Events of types it does not use are ignored. Not thread-safe: feed it from one thread (a
 * {@code RecordingStream} calls its handlers on one thread), then call {@link #snapshot()}.
 */
public final class EvidenceAccumulator {
    /** Frames kept per stack for the leak-candidate stack. */
    private static final int STACK_KEY_DEPTH = 8;
    private static final Set<String> BOXED = Set.of("java.lang.Boolean", "java.lang.Byte", "java.lang.Character",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double");
    private static final String FILL_IN_STACK_TRACE = "java.lang.Throwable#fillInStackTrace";
    /** Blockers of parks that wait for an event rather than for a lock. */
    private static final List<String> EVENT_WAITS = List.of("ConditionObject", "CountDownLatch",
            "CompletableFuture", "FutureTask", "SynchronousQueue", "Exchanger", "Phaser", "CyclicBarrier");
    /** Frames that mark a park as an idle pool worker waiting for work, not contention. */
    private static final Set<String> IDLE_WAITS = Set.of(
            "java.util.concurrent.ThreadPoolExecutor#getTask",
            "java.util.concurrent.ForkJoinPool#awaitWork",
            "java.util.concurrent.ForkJoinPool#awaitQuiescence",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue#take",
            "jdk.internal.ref.CleanerImpl#run",
            "java.lang.ref.ReferenceQueue#remove");

    private Instant first;
    private Instant last;
    private Instant fixedStart;
    private Instant fixedEnd;
    private int hwThreads;
    private long containerCpus;

    private long cpuSamples;
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> total = new HashMap<>();
    private final Map<String, Map<String, Long>> callees = new HashMap<>();

    private int loadReadings;
    private double sumUser;
    private double sumSystem;
    private double sumMachine;
    private long[] firstThrottle;
    private long[] lastThrottle;

    private int collections;
    private long pauseNanos;
    private long longestPause;
    private int fullCollections;
    private long fullPauseNanos;
    private int systemGcCalls;
    private long systemGcPauseNanos;
    private final List<HeapPoint> heapAfterGc = new ArrayList<>();
    private long maxHeap;
    private long reservedHeap;

    private long allocSamples;
    private long allocBytes;
    private final Map<String, Long> allocBySite = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private long boxingBytes;
    private final Map<String, Long> boxingBySite = new HashMap<>();
    private final Map<String, Long> allocByStack = new HashMap<>();
    private final Map<String, Long> survivorsBySite = new HashMap<>();
    private final Map<String, Long> survivorsByStack = new HashMap<>();
    private long survivorSamples;

    private final Map<String, StatTable> monitors = new HashMap<>();
    private final Map<String, StatTable> parks = new HashMap<>();
    private long idleParks;

    private final StatTable sockets = new StatTable();
    private final StatTable files = new StatTable();

    private long firstThrowables = -1;
    private long lastThrowables = -1;
    private long thrownEvents;
    private long errors;
    private final Map<String, Long> throwsBySite = new HashMap<>();
    private final Map<String, Long> throwsByClass = new HashMap<>();
    /** CPU samples in Throwable.fillInStackTrace, by the application frame below it. */
    private final Map<String, Long> sampledThrowSites = new HashMap<>();

    private long safepoints;
    private long safepointNanos;
    private long longestSafepoint;

    /**
     * Fixes the window's bounds (a live engine knows them); without this they are the earliest start
     * and latest end of the events fed.
     */
    public void window(Instant start, Instant end) {
        this.fixedStart = start;
        this.fixedEnd = end;
    }

    /** Takes one JFR event into the evidence; types it does not use are ignored. */
    public void accept(RecordedEvent event) {
        see(event.getStartTime(), event.getEndTime());
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> addCpuSample(frames(event), 1);
            case "jdk.CPULoad" -> cpuLoad(event);
            case "jdk.ContainerCPUThrottling" -> throttling(event);
            case "jdk.CPUInformation" -> hwThreads = Math.max(hwThreads, (int) longField(event, "hwThreads", 0));
            case "jdk.ContainerConfiguration" -> containerCpus = longField(event, "effectiveCpuCount", 0);
            case "jdk.GarbageCollection" -> garbageCollection(event);
            case "jdk.GCHeapSummary" -> heapSummary(event);
            case "jdk.GCHeapConfiguration" -> maxHeap = Math.max(maxHeap, longField(event, "maxSize", 0));
            case "jdk.ObjectAllocationSample" -> addAllocation(frames(event),
                    className(event, "objectClass"), longField(event, "weight", 0));
            case "jdk.OldObjectSample" -> survivor(event);
            case "jdk.JavaMonitorEnter" -> monitorEnter(event);
            case "jdk.ThreadPark" -> park(event);
            case "jdk.SocketRead" -> socket(event, "bytesRead");
            case "jdk.SocketWrite" -> socket(event, "bytesWritten");
            case "jdk.FileRead" -> file(event, "bytesRead");
            case "jdk.FileWrite" -> file(event, "bytesWritten");
            case "jdk.ExceptionStatistics" -> throwables(longField(event, "throwables", -1));
            case "jdk.JavaExceptionThrow" -> thrown(event, false);
            case "jdk.JavaErrorThrow" -> thrown(event, true);
            case "jdk.SafepointBegin" -> safepoint(event.getDuration().toNanos());
            default -> {
                // not evidence the detectors use
            }
        }
    }

    /**
     * Takes one line of async-profiler CPU output in collapsed form, {@code root;...;leaf count}.
     *
     * @return false when the line is not a collapsed stack (it is then ignored)
     */
    public boolean acceptCollapsedCpu(String line) {
        List<String> stack = new ArrayList<>();
        long count = parseCollapsed(line, stack);
        if (count < 0) {
            return false;
        }
        addCpuSample(stack, count);
        return true;
    }

    /**
     * Takes one line of async-profiler allocation output in collapsed form: the leaf is the allocated
     * class with a {@code _[i]} (in a TLAB) or {@code _[k]} (outside) suffix, the count the bytes (run
     * async-profiler with {@code --total}) or samples.
     *
     * @return false when the line is not a collapsed stack (it is then ignored)
     */
    public boolean acceptCollapsedAllocation(String line) {
        List<String> raw = new ArrayList<>();
        long count = parseCollapsedRaw(line, raw);
        if (count < 0 || raw.isEmpty()) {
            return false;
        }
        String leaf = raw.get(raw.size() - 1);
        String allocated = "<unknown>";
        if (leaf.endsWith("_[i]") || leaf.endsWith("_[k]")) {
            allocated = FrameNames.stripSuffix(leaf).replace('/', '.');
            raw.remove(raw.size() - 1);
        }
        List<String> stack = new ArrayList<>(raw.size());
        for (int i = raw.size() - 1; i >= 0; i--) {
            stack.add(FrameNames.ofCollapsed(raw.get(i)));
        }
        addAllocation(stack, allocated, count);
        return true;
    }

    /**
     * Adds CPU samples with one stack.
     *
     * @param leafFirst the stack, {@code class#method} frames, top (running) frame first
     * @param count how many samples had this stack
     */
    public void addCpuSample(List<String> leafFirst, long count) {
        if (count <= 0) {
            return;
        }
        cpuSamples += count;
        if (leafFirst.isEmpty()) {
            self.merge("<no stack>", count, Long::sum);
            total.merge("<no stack>", count, Long::sum);
            return;
        }
        self.merge(leafFirst.get(0), count, Long::sum);
        int filling = leafFirst.indexOf(FILL_IN_STACK_TRACE);
        if (filling >= 0) {
            // A sample inside an exception's stack walk: charge it to the application frame that threw.
            sampledThrowSites.merge(FrameNames.firstApplicationFrame(leafFirst.subList(filling, leafFirst.size())),
                    count, Long::sum);
        }
        Set<String> seen = new HashSet<>();
        Set<String> edges = new HashSet<>();
        for (int i = 0; i < leafFirst.size(); i++) {
            String method = leafFirst.get(i);
            if (seen.add(method)) {
                total.merge(method, count, Long::sum);
            }
            if (i > 0 && edges.add(leafFirst.get(i) + '\n' + leafFirst.get(i - 1))) {
                callees.computeIfAbsent(method, m -> new HashMap<>()).merge(leafFirst.get(i - 1), count, Long::sum);
            }
        }
    }

    /**
     * Adds sampled allocation.
     *
     * @param leafFirst the allocating stack, top frame first
     * @param allocatedClass the allocated class
     * @param bytes the bytes the sample stands for
     */
    public void addAllocation(List<String> leafFirst, String allocatedClass, long bytes) {
        if (bytes <= 0) {
            return;
        }
        allocSamples++;
        allocBytes += bytes;
        String site = FrameNames.firstApplicationFrame(leafFirst);
        allocBySite.merge(site, bytes, Long::sum);
        allocByClass.merge(allocatedClass, bytes, Long::sum);
        allocByStack.merge(stackKey(leafFirst, allocatedClass), bytes, Long::sum);
        if (BOXED.contains(allocatedClass) && !leafFirst.isEmpty()
                && leafFirst.get(0).equals(allocatedClass + "#valueOf")) {
            boxingBytes += bytes;
            boxingBySite.merge(site, bytes, Long::sum);
        }
    }

    /**
     * Adds one object the leak profiler sampled at its allocation and found still alive.
     *
     * @param leafFirst its allocation stack, {@code class#method} frames, top frame first
     * @param allocatedClass the object's class
     * @param bytes its size, or an estimate: a leak is where the surviving bytes are, not the most objects
     */
    public void addSurvivor(List<String> leafFirst, String allocatedClass, long bytes) {
        long weight = Math.max(1, bytes);
        survivorSamples++;
        survivorsBySite.merge(FrameNames.firstApplicationFrame(leafFirst), weight, Long::sum);
        survivorsByStack.merge(stackKey(leafFirst, allocatedClass), weight, Long::sum);
    }

    private static String stackKey(List<String> leafFirst, String allocatedClass) {
        List<String> top = leafFirst.subList(0, Math.min(STACK_KEY_DEPTH, leafFirst.size()));
        return top.isEmpty() ? allocatedClass : allocatedClass + " <- " + String.join(" <- ", top);
    }

    /** A survivor of the leak profiler, unless the agent's or JFR's own threads allocated it. */
    private void survivor(RecordedEvent event) {
        RecordedThread thread = event.getThread();
        if (!isAgentThread(thread == null ? null : thread.getJavaName())) {
            String type = survivorClass(event);
            addSurvivor(frames(event), type, survivorBytes(event, type));
        }
    }

    /**
     * A survivor's size: the event's {@code objectSize} where the JDK records it, else an estimate from the
     * array length (16 bytes of header plus the elements; 4-byte references) or 16 bytes for an object.
     */
    private static long survivorBytes(RecordedEvent event, String type) {
        if (event.hasField("objectSize")) {
            return event.getLong("objectSize");
        }
        long elements = event.hasField("arrayElements") ? event.getInt("arrayElements") : -1;
        if (elements < 0 || !type.startsWith("[")) {
            return 16;
        }
        int each = switch (type.length() > 1 ? type.charAt(1) : 'L') {
            case 'B', 'Z' -> 1;
            case 'C', 'S' -> 2;
            case 'I', 'F' -> 4;
            case 'J', 'D' -> 8;
            default -> 4;
        };
        return 16 + elements * each;
    }

    /** {@code jdk.OldObjectSample}'s object class: {@code object.type}. */
    private static String survivorClass(RecordedEvent event) {
        try {
            RecordedClass type = event.getValue("object.type");
            return type == null ? "<none>" : type.getName();
        } catch (IllegalArgumentException | ClassCastException e) {
            return "<none>";
        }
    }

    /**
     * Adds one contended {@code synchronized} monitor enter, unless the agent's own code is what waits (its
     * locks are not the application's to change; the agent's site findings judge its waits).
     *
     * @param monitorClass the monitor's class
     * @param leafFirst the waiting thread's stack, top frame first
     * @param nanos how long the thread waited
     */
    public void addMonitorWait(String monitorClass, List<String> leafFirst, long nanos) {
        if (FrameNames.waitsInAgent(leafFirst)) {
            return;
        }
        monitors.computeIfAbsent(monitorClass, c -> new StatTable())
                .add(FrameNames.firstApplicationFrame(leafFirst), nanos, 0);
    }

    /**
     * Adds one park; parks that wait for an event or for work rather than for a lock, parks of JFR's
     * and the agent's own threads, and parks in the agent's code (a caller of a batch site waits in the
     * batcher for its batch by design) count only as idle.
     *
     * @param blocker the parked-on class, {@code <none>} when the park named none
     * @param leafFirst the parked thread's stack, top frame first
     * @param threadName the parked thread's name, or null
     * @param nanos how long the thread stayed parked
     */
    public void addPark(String blocker, List<String> leafFirst, String threadName, long nanos) {
        if (!isLock(blocker) || isIdle(leafFirst) || isAgentThread(threadName)
                || FrameNames.waitsInAgent(leafFirst)) {
            idleParks++;
            return;
        }
        parks.computeIfAbsent(blocker, c -> new StatTable())
                .add(FrameNames.firstApplicationFrame(leafFirst), nanos, 0);
    }

    /**
     * Widens the window to cover an event fed through one of the {@code add} methods (the window is
     * otherwise the span of the JFR events fed to {@link #accept}).
     */
    public void seen(Instant start, Instant end) {
        see(start, end);
    }

    /** The evidence fed so far. The accumulator can go on taking events afterwards. */
    public WindowEvidence snapshot() {
        Instant start = fixedStart != null ? fixedStart : first != null ? first : Instant.EPOCH;
        Instant end = fixedEnd != null ? fixedEnd : last != null ? last : start;
        int processors = containerCpus > 0 ? (int) containerCpus : hwThreads;
        CpuLoad load = loadReadings == 0 ? CpuLoad.NONE : new CpuLoad(loadReadings, sumUser / loadReadings,
                sumSystem / loadReadings, sumMachine / loadReadings);
        Throttling throttled = firstThrottle == null || firstThrottle == lastThrottle ? Throttling.NONE
                : new Throttling(lastThrottle[0] - firstThrottle[0], lastThrottle[1] - firstThrottle[1],
                        lastThrottle[2] - firstThrottle[2]);
        GcActivity gc = new GcActivity(collections, pauseNanos, longestPause, fullCollections, fullPauseNanos,
                systemGcCalls, systemGcPauseNanos, heapAfterGc, maxHeap > 0 ? maxHeap : reservedHeap);
        Allocations allocations = new Allocations(allocSamples, allocBytes, allocBySite, allocByClass, boxingBytes,
                boxingBySite, allocByStack, survivorsBySite, survivorsByStack, survivorSamples);
        Contention contention = new Contention(snapshot(monitors), snapshot(parks), idleParks);
        long statistics = firstThrowables >= 0 && lastThrowables > firstThrowables
                ? lastThrowables - firstThrowables : firstThrowables >= 0 ? 0 : -1;
        Exceptions exceptions = new Exceptions(statistics, thrownEvents, errors, throwsBySite, throwsByClass,
                sampledThrowSites);
        Map<String, Map<String, Long>> calleeCopy = new HashMap<>();
        callees.forEach((caller, map) -> calleeCopy.put(caller, Map.copyOf(map)));
        return new WindowEvidence(start, end, processors, new CpuProfile(cpuSamples, self, total, calleeCopy), load,
                throttled, gc, allocations, contention, new IoActivity(sockets.snapshot(), files.snapshot()),
                exceptions, new DurationStat(safepoints, safepointNanos, longestSafepoint, 0));
    }

    private static Map<String, Map<String, DurationStat>> snapshot(Map<String, StatTable> tables) {
        Map<String, Map<String, DurationStat>> copy = new HashMap<>();
        tables.forEach((key, table) -> copy.put(key, table.snapshot()));
        return copy;
    }

    private void see(Instant start, Instant end) {
        if (first == null || start.isBefore(first)) {
            first = start;
        }
        if (last == null || end.isAfter(last)) {
            last = end;
        }
    }

    private void cpuLoad(RecordedEvent event) {
        loadReadings++;
        sumUser += doubleField(event, "jvmUser");
        sumSystem += doubleField(event, "jvmSystem");
        sumMachine += doubleField(event, "machineTotal");
    }

    private void throttling(RecordedEvent event) {
        long[] reading = {longField(event, "cpuElapsedSlices", 0), longField(event, "cpuThrottledSlices", 0),
                durationField(event, "cpuThrottledTime")};
        if (firstThrottle == null) {
            firstThrottle = reading;
        }
        lastThrottle = reading;
    }

    private void garbageCollection(RecordedEvent event) {
        collections++;
        long pause = event.hasField("sumOfPauses") ? durationField(event, "sumOfPauses") : event.getDuration().toNanos();
        long longest = event.hasField("longestPause") ? durationField(event, "longestPause") : pause;
        pauseNanos += pause;
        longestPause = Math.max(longestPause, longest);
        String name = stringField(event, "name");
        if ("System.gc()".equals(stringField(event, "cause"))) {
            systemGcCalls++;
            systemGcPauseNanos += pause;
        } else if (name.contains("Full") || name.equals("SerialOld") || name.equals("ParallelOld")) {
            fullCollections++;
            fullPauseNanos += pause;
        }
    }

    private void heapSummary(RecordedEvent event) {
        if (event.hasField("heapSpace") && event.getValue("heapSpace") instanceof RecordedObject space
                && space.hasField("reservedSize")) {
            reservedHeap = Math.max(reservedHeap, space.getLong("reservedSize"));
        }
        if ("After GC".equals(stringField(event, "when"))) {
            heapAfterGc.add(new HeapPoint(event.getStartTime(), longField(event, "heapUsed", 0)));
        }
    }

    private void monitorEnter(RecordedEvent event) {
        addMonitorWait(className(event, "monitorClass"), frames(event), event.getDuration().toNanos());
    }

    private void park(RecordedEvent event) {
        RecordedThread thread = event.getThread();
        addPark(className(event, "parkedClass"), frames(event), thread == null ? null : thread.getJavaName(),
                event.getDuration().toNanos());
    }

    /**
     * Whether a park's blocker is a lock that other threads hold. A park without one is a timed pause
     * ({@code LockSupport.parkNanos}, as a pacer or sleep uses); a condition, latch, future or hand-off
     * is a wait for an event (work to arrive, a result), not contention for a lock.
     */
    private static boolean isLock(String blocker) {
        if (blocker == null || blocker.isEmpty() || "<none>".equals(blocker)) {
            return false;
        }
        for (String wait : EVENT_WAITS) {
            if (blocker.contains(wait)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdle(List<String> stack) {
        for (String frame : stack) {
            if (IDLE_WAITS.contains(frame)) {
                return true;
            }
        }
        return false;
    }

    /** JFR's and our own threads wait by design; their parks say nothing about the application. */
    private static boolean isAgentThread(String name) {
        return name != null && (name.startsWith("JFR ") || name.startsWith("perf-agent-"));
    }

    private void socket(RecordedEvent event, String bytesField) {
        String host = stringField(event, "host");
        if (host.isEmpty()) {
            host = stringField(event, "address");
        }
        String endpoint = host + ":" + longField(event, "port", 0);
        sockets.add(endpoint, event.getDuration().toNanos(), Math.max(0, longField(event, bytesField, 0)));
    }

    private void file(RecordedEvent event, String bytesField) {
        String path = stringField(event, "path");
        files.add(path.isEmpty() ? "<unknown file>" : path, event.getDuration().toNanos(),
                Math.max(0, longField(event, bytesField, 0)));
    }

    private void throwables(long count) {
        if (count < 0) {
            return;
        }
        if (firstThrowables < 0) {
            firstThrowables = count;
        }
        lastThrowables = count;
    }

    private void thrown(RecordedEvent event, boolean error) {
        if (error) {
            errors++;
        } else {
            thrownEvents++;
        }
        String thrownClass = className(event, "thrownClass");
        List<String> stack = frames(event);
        int i = 0;
        while (i < stack.size() - 1 && isThrowableConstructor(stack.get(i), thrownClass)) {
            i++;
        }
        if (!error || thrownEvents == 0) {
            throwsByClass.merge(thrownClass, 1L, Long::sum);
            throwsBySite.merge(stack.isEmpty() ? "<no stack>" : stack.get(i), 1L, Long::sum);
        }
    }

    private static boolean isThrowableConstructor(String frame, String thrownClass) {
        if (!frame.endsWith("#<init>")) {
            return false;
        }
        String type = FrameNames.className(frame);
        return type.equals(thrownClass) || type.endsWith("Exception") || type.endsWith("Error")
                || type.equals("java.lang.Throwable");
    }

    private void safepoint(long nanos) {
        safepoints++;
        safepointNanos += nanos;
        longestSafepoint = Math.max(longestSafepoint, nanos);
    }

    private static List<String> frames(RecordedEvent event) {
        RecordedStackTrace trace = event.getStackTrace();
        if (trace == null) {
            return List.of();
        }
        List<RecordedFrame> frames = trace.getFrames();
        List<String> names = new ArrayList<>(frames.size());
        for (RecordedFrame frame : frames) {
            if (frame.isJavaFrame()) {
                names.add(FrameNames.of(frame));
            }
        }
        return names;
    }

    /** Parses {@code root;...;leaf count} into leaf-first {@code class#method} frames; -1 if malformed. */
    private static long parseCollapsed(String line, List<String> leafFirst) {
        List<String> raw = new ArrayList<>();
        long count = parseCollapsedRaw(line, raw);
        for (int i = raw.size() - 1; i >= 0; i--) {
            leafFirst.add(FrameNames.ofCollapsed(raw.get(i)));
        }
        return count;
    }

    private static long parseCollapsedRaw(String line, List<String> rootFirst) {
        if (line == null) {
            return -1;
        }
        String trimmed = line.strip();
        int space = trimmed.lastIndexOf(' ');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || space <= 0) {
            return -1;
        }
        long count;
        try {
            count = Long.parseLong(trimmed.substring(space + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        for (String frame : trimmed.substring(0, space).split(";")) {
            if (!frame.isEmpty()) {
                rootFirst.add(frame);
            }
        }
        return count < 0 ? -1 : count;
    }

    private static String className(RecordedEvent event, String field) {
        if (!event.hasField(field)) {
            return "<none>";
        }
        RecordedClass type = event.getClass(field);
        return type == null ? "<none>" : type.getName();
    }

    private static long longField(RecordedEvent event, String field, long fallback) {
        return event.hasField(field) ? event.getLong(field) : fallback;
    }

    private static double doubleField(RecordedEvent event, String field) {
        return event.hasField(field) ? event.getDouble(field) : 0;
    }

    private static long durationField(RecordedEvent event, String field) {
        if (!event.hasField(field)) {
            return 0;
        }
        Duration duration = event.getDuration(field);
        return duration == null ? 0 : duration.toNanos();
    }

    private static String stringField(RecordedEvent event, String field) {
        String value = event.hasField(field) ? event.getString(field) : null;
        return value == null ? "" : value;
    }
}
