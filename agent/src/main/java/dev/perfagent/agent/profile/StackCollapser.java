package dev.perfagent.agent.profile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Counts JFR stack traces in async-profiler's {@code collapsed} form (root first, {@code ;} between
 * frames, Java frames as {@code java/util/HashMap.get}), so a sink reads the same text whichever engine
 * sampled. Adds from the JFR thread, drains from the profiler's thread.
 */
final class StackCollapser {

    private final AtomicReference<Map<String, LongAdder>> counts = new AtomicReference<>(new ConcurrentHashMap<>());

    /** Counts one sample of {@code stack}; a missing stack counts nothing. */
    void add(RecordedStackTrace stack) {
        if (stack == null) {
            return;
        }
        List<RecordedFrame> frames = stack.getFrames();
        if (frames.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(frames.size() * 32);
        // JFR lists the leaf first; collapsed text starts at the root.
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedMethod method = frames.get(i).getMethod();
            if (line.length() > 0) {
                line.append(';');
            }
            if (method == null) {
                line.append("[unknown]");
            } else {
                line.append(method.getType().getName().replace('.', '/')).append('.').append(method.getName());
            }
        }
        counts.get().computeIfAbsent(line.toString(), k -> new LongAdder()).increment();
    }

    /** The stacks counted since the last drain, one line each, and starts counting afresh. */
    String drain() {
        Map<String, LongAdder> window = counts.getAndSet(new ConcurrentHashMap<>());
        StringBuilder text = new StringBuilder(window.size() * 64);
        window.forEach((stack, count) -> text.append(stack).append(' ').append(count.sum()).append('\n'));
        return text.toString();
    }
}
