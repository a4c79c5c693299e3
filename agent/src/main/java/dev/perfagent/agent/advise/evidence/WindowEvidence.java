package dev.perfagent.agent.advise.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything the detectors need to know about one window of a recording, summarised: immutable, so
 * a detector is a pure function of it and a test can build one by hand.
 *
 * @param start the window's start
 * @param end the window's end
 * @param processors processors available to the JVM (the container's share when it has one), 0 when
 *     the recording does not say
 * @param cpu CPU samples
 * @param cpuLoad CPU load readings
 * @param throttling container CPU throttling
 * @param gc garbage collection
 * @param allocations sampled allocation
 * @param contention monitor and park waits
 * @param io blocking socket and file IO
 * @param exceptions throwables
 * @param safepoints safepoint pauses
 */
public record WindowEvidence(Instant start, Instant end, int processors, CpuProfile cpu, CpuLoad cpuLoad,
        Throttling throttling, GcActivity gc, Allocations allocations, Contention contention, IoActivity io,
        Exceptions exceptions, DurationStat safepoints) {

    /** Checks every part is present. */
    public WindowEvidence {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(cpuLoad, "cpuLoad");
        Objects.requireNonNull(throttling, "throttling");
        Objects.requireNonNull(gc, "gc");
        Objects.requireNonNull(allocations, "allocations");
        Objects.requireNonNull(contention, "contention");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(exceptions, "exceptions");
        Objects.requireNonNull(safepoints, "safepoints");
    }

    /** A window with no evidence at all: the starting point for hand-built evidence. */
    public static WindowEvidence empty(Instant start, Instant end, int processors) {
        return new WindowEvidence(start, end, processors, CpuProfile.NONE, CpuLoad.NONE, Throttling.NONE,
                GcActivity.NONE, Allocations.NONE, Contention.NONE, IoActivity.NONE, Exceptions.NONE,
                DurationStat.NONE);
    }

    /** The window's length. */
    public Duration length() {
        return Duration.between(start, end);
    }

    /** The window's length in nanoseconds, at least 1 so ratios stay finite. */
    public long lengthNanos() {
        return Math.max(1, length().toNanos());
    }

    /** The window's length in seconds. */
    public double seconds() {
        return lengthNanos() / 1e9;
    }

    /** This window with other CPU samples. */
    public WindowEvidence withCpu(CpuProfile value) {
        return new WindowEvidence(start, end, processors, value, cpuLoad, throttling, gc, allocations, contention,
                io, exceptions, safepoints);
    }

    /** This window with other CPU load readings. */
    public WindowEvidence withCpuLoad(CpuLoad value) {
        return new WindowEvidence(start, end, processors, cpu, value, throttling, gc, allocations, contention, io,
                exceptions, safepoints);
    }

    /** This window with other throttling figures. */
    public WindowEvidence withThrottling(Throttling value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, value, gc, allocations, contention, io,
                exceptions, safepoints);
    }

    /** This window with other GC figures. */
    public WindowEvidence withGc(GcActivity value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, throttling, value, allocations, contention,
                io, exceptions, safepoints);
    }

    /** This window with other allocation figures. */
    public WindowEvidence withAllocations(Allocations value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, throttling, gc, value, contention, io,
                exceptions, safepoints);
    }

    /** This window with other contention figures. */
    public WindowEvidence withContention(Contention value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, throttling, gc, allocations, value, io,
                exceptions, safepoints);
    }

    /** This window with other IO figures. */
    public WindowEvidence withIo(IoActivity value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, throttling, gc, allocations, contention,
                value, exceptions, safepoints);
    }

    /** This window with other exception figures. */
    public WindowEvidence withExceptions(Exceptions value) {
        return new WindowEvidence(start, end, processors, cpu, cpuLoad, throttling, gc, allocations, contention,
                io, value, safepoints);
    }
}
