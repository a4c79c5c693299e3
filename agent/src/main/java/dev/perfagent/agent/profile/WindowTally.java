package dev.perfagent.agent.profile;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.consumer.RecordedEvent;

/**
 * A sink that keeps only the last completed window's figures: samples per kind and JFR events per
 * type, so {@code /status} shows the profiler works before anything consumes its evidence.
 * Thread-safe.
 */
public final class WindowTally implements ProfileSink {

    /** One window's counts. */
    public record Counts(Map<SampleKind, Long> samples, Map<String, Long> events) {
        /** Copies the maps. */
        public Counts {
            samples = Map.copyOf(samples);
            events = Map.copyOf(events);
        }
    }

    private final AtomicReference<Map<String, LongAdder>> events = new AtomicReference<>(new ConcurrentHashMap<>());
    private final Map<SampleKind, Long> samples = new EnumMap<>(SampleKind.class);
    private volatile Counts last = new Counts(Map.of(), Map.of());

    @Override
    public void windowStarted(Instant start) {
        synchronized (samples) {
            samples.clear();
        }
    }

    @Override
    public void onJfrEvent(RecordedEvent event) {
        events.get().computeIfAbsent(event.getEventType().getName(), k -> new LongAdder()).increment();
    }

    @Override
    public void onCollapsedStacks(SampleKind kind, String collapsedText) {
        long total = CollapsedText.totalSamples(collapsedText);
        synchronized (samples) {
            samples.merge(kind, total, Long::sum);
        }
    }

    @Override
    public void windowEnded(ProfileWindowInfo info) {
        Map<String, Long> eventCounts = new HashMap<>();
        events.getAndSet(new ConcurrentHashMap<>()).forEach((type, n) -> eventCounts.put(type, n.sum()));
        synchronized (samples) {
            last = new Counts(samples, eventCounts);
        }
    }

    /** The last completed window's counts; empty before the first. */
    public Counts last() {
        return last;
    }
}
