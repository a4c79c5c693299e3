package dev.perfagent.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code jcmd PID ...} from the tests' JDK, with parsers for the outputs the tests read. */
public final class Jcmd {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\"");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    /** {@code VM.metaspace}: "Both:  123 chunks, 4.71 MB capacity, 2.33 MB ( 50%) committed, 2.23 MB ( 47%) used, ...". */
    private static final Pattern METASPACE_USED = Pattern.compile(
            "^\\s*Both:.*?,\\s*([\\d.]+)\\s*([KMG]?B|bytes)\\s*\\(\\s*[\\d<]+%\\)\\s*used");

    private Jcmd() {
    }

    /** Runs one jcmd command and asserts it worked. */
    public static String run(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(ItEnv.jcmd().toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        CommandResult result = Commands.run(line, TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError("jcmd failed:\n" + result.describe());
        }
        return result.stdout();
    }

    /** Names of the JVM's threads, from {@code Thread.print}. */
    public static List<String> threadNames(long pid) {
        return run(pid, "Thread.print").lines().map(THREAD::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.toList());
    }

    /** Threads whose name starts with {@code perf-agent-}. */
    public static List<String> agentThreads(long pid) {
        return threadNames(pid).stream().filter(n -> n.startsWith("perf-agent-")).collect(Collectors.toList());
    }

    /** {@code GC.run}: a full collection (which also unloads classes of unreachable loaders). */
    public static void gc(long pid) {
        run(pid, "GC.run");
    }

    /** {@code GC.class_histogram}: live instances per class name. */
    public static Map<String, Long> instancesByClass(long pid) {
        Map<String, Long> counts = new LinkedHashMap<>();
        run(pid, "GC.class_histogram").lines().map(HISTOGRAM_ROW::matcher).filter(Matcher::find)
                .forEach(m -> counts.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum));
        return counts;
    }

    /** Live instances of {@code className} ({@code GC.class_histogram} collects before counting). */
    public static long instances(long pid, String className) {
        return instancesByClass(pid).getOrDefault(className, 0L);
    }

    /** Loaded classes (from {@code VM.class_hierarchy}) whose name starts with {@code prefix}. */
    public static long loadedClassesStartingWith(long pid, String prefix) {
        return run(pid, "VM.class_hierarchy").lines()
                .map(l -> l.replaceFirst("^[\\s|\\-]*", ""))
                .filter(l -> l.startsWith(prefix))
                .count();
    }

    /** Metaspace in use (class and non-class together), in bytes, from {@code VM.metaspace}. */
    public static long metaspaceUsedBytes(long pid) {
        String text = run(pid, "VM.metaspace");
        for (String line : text.lines().collect(Collectors.toList())) {
            Matcher m = METASPACE_USED.matcher(line);
            if (m.find()) {
                double value = Double.parseDouble(m.group(1));
                switch (m.group(2)) {
                    case "KB": return (long) (value * 1024);
                    case "MB": return (long) (value * 1024 * 1024);
                    case "GB": return (long) (value * 1024 * 1024 * 1024);
                    default: return (long) value;
                }
            }
        }
        throw new AssertionError("no 'Both: ... used' line in jcmd " + pid + " VM.metaspace:\n" + text);
    }
}
