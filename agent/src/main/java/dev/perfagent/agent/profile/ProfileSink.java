package dev.perfagent.agent.profile;

import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Receives what the continuous profiler collects, window by window.
 *
 * <p>Order per window: {@link #windowStarted}, then any number of {@link #onJfrEvent} (continuously,
 * on the JFR stream's thread) and, at the window's end, {@link #onCollapsedStacks} once per kind sampled
 * in the window, then {@link #windowEnded} (both on the profiler's thread). JFR delivers events in
 * batches about once a second, so events from the last second of a window may arrive after its
 * {@code windowEnded}; use the events' own start times where the boundary matters. Implementations must
 * be thread-safe and quick; an exception thrown here is caught and logged, never passed on.
 */
public interface ProfileSink {

    /** A window started at {@code start}. */
    void windowStarted(Instant start);

    /**
     * One JFR event: GC, CPU load, container throttling, monitor enters, parks, socket and file IO,
     * errors, exception statistics, safepoints, CPU information, and, when JFR samples CPU, execution
     * and allocation samples. Valid only during the call (the stream reuses the object's storage).
     */
    void onJfrEvent(RecordedEvent event);

    /**
     * The stacks of one kind collected over the window, in async-profiler's {@code collapsed} format:
     * one line per distinct stack, frames separated by {@code ;}, root first, then a space and the
     * sample count. Java frames read {@code java/util/HashMap.get} (class with slashes, dot, method).
     */
    void onCollapsedStacks(SampleKind kind, String collapsedText);

    /** The window described by {@code info} ended. */
    void windowEnded(ProfileWindowInfo info);

    /**
     * Whether JFR's leak profiler should run (when allocations are sampled): asked after each window's end.
     * It samples objects at their allocation, at a cost on the allocating threads, so it runs only while a
     * sink has a reason: the heap after GC growing as a leak does.
     */
    default boolean wantsSurvivors() {
        return false;
    }
}
