package dev.perfagent.agent.time;

/**
 * A monotonic nanosecond clock. Layers read time only through a Ticker so tests can drive it by hand;
 * the wall clock is never used to measure durations.
 */
@FunctionalInterface
public interface Ticker {
    /** The JVM's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    /** Current time in nanoseconds, from an arbitrary origin; only differences mean anything. */
    long read();
}
