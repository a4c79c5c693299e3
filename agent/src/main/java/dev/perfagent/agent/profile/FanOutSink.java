package dev.perfagent.agent.profile;

import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Hands everything the profiler collects to several sinks in turn (the status tally and the advisor).
 * Each sink must be thread-safe and quick, as {@link ProfileSink} asks.
 */
public final class FanOutSink implements ProfileSink {
    private final List<ProfileSink> sinks;

    /** A sink that forwards to {@code sinks}, in this order. */
    public FanOutSink(List<ProfileSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void windowStarted(Instant start) {
        for (ProfileSink sink : sinks) {
            sink.windowStarted(start);
        }
    }

    @Override
    public void onJfrEvent(RecordedEvent event) {
        for (ProfileSink sink : sinks) {
            sink.onJfrEvent(event);
        }
    }

    @Override
    public void onCollapsedStacks(SampleKind kind, String collapsedText) {
        for (ProfileSink sink : sinks) {
            sink.onCollapsedStacks(kind, collapsedText);
        }
    }

    @Override
    public void windowEnded(ProfileWindowInfo info) {
        for (ProfileSink sink : sinks) {
            sink.windowEnded(info);
        }
    }

    @Override
    public boolean wantsSurvivors() {
        for (ProfileSink sink : sinks) {
            if (sink.wantsSurvivors()) {
                return true;
            }
        }
        return false;
    }
}
