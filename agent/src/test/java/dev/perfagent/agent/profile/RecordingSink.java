package dev.perfagent.agent.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.consumer.RecordedEvent;

/** Keeps everything a profiler hands over, for assertions. */
final class RecordingSink implements ProfileSink {
    final List<Instant> starts = new CopyOnWriteArrayList<>();
    final List<ProfileWindowInfo> ends = new CopyOnWriteArrayList<>();
    final Map<SampleKind, List<String>> stacks = new ConcurrentHashMap<>();
    final Map<String, LongAdder> events = new ConcurrentHashMap<>();

    @Override
    public void windowStarted(Instant start) {
        starts.add(start);
    }

    @Override
    public void onJfrEvent(RecordedEvent event) {
        events.computeIfAbsent(event.getEventType().getName(), k -> new LongAdder()).increment();
    }

    @Override
    public void onCollapsedStacks(SampleKind kind, String collapsedText) {
        stacks.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(collapsedText);
    }

    @Override
    public void windowEnded(ProfileWindowInfo info) {
        ends.add(info);
    }

    long events(String type) {
        LongAdder n = events.get(type);
        return n == null ? 0 : n.sum();
    }

    String allStacks(SampleKind kind) {
        return String.join("", stacks.getOrDefault(kind, List.of()));
    }
}
