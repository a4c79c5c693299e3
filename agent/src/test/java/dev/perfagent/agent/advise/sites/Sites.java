package dev.perfagent.agent.advise.sites;

import java.util.List;
import java.util.Optional;

/** Hand-built site windows for the detector tests: a healthy timed site, changed one part at a time. */
final class Sites {
    static final long MINUTE = 60_000_000_000L;
    static final String METHOD = "app.Service#handle(java.lang.String)";

    private Sites() {
    }

    /** 6000 calls of 5 ms over a minute (0.5 in flight), no errors, time layer only. */
    static SiteWindow healthy() {
        return new SiteWindow(METHOD, "service", List.of("time"), MINUTE, 6000, 0, 0, 6000 * 5_000_000L, 0,
                20_000_000L, SecondCounts.NONE, SecondCounts.NONE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static SiteWindow withLayers(SiteWindow s, String... layers) {
        return new SiteWindow(s.method(), s.rule(), List.of(layers), s.lengthNanos(), s.calls(), s.errors(),
                s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(), s.worstErrorSecond(), s.worstSlowSecond(),
                s.cache(), s.breaker(), s.batch(), s.shadow());
    }

    static SiteWindow withCalls(SiteWindow s, long calls, long errors, long slow, long meanNanos, long sloNanos) {
        return new SiteWindow(s.method(), s.rule(), s.layers(), s.lengthNanos(), calls, errors, slow,
                calls * meanNanos, sloNanos, s.p99Nanos(), s.worstErrorSecond(), s.worstSlowSecond(), s.cache(),
                s.breaker(), s.batch(), s.shadow());
    }

    static SiteWindow withWorst(SiteWindow s, SecondCounts errors, SecondCounts slow) {
        return new SiteWindow(s.method(), s.rule(), s.layers(), s.lengthNanos(), s.calls(), s.errors(),
                s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(), errors, slow, s.cache(), s.breaker(),
                s.batch(), s.shadow());
    }

    static SiteWindow withCache(SiteWindow s, CacheFigures cache) {
        return new SiteWindow(s.method(), s.rule(), List.of("time", "cache"), s.lengthNanos(), s.calls(),
                s.errors(), s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(), s.worstErrorSecond(),
                s.worstSlowSecond(), Optional.of(cache), s.breaker(), s.batch(), s.shadow());
    }

    static SiteWindow withBreaker(SiteWindow s, BreakerFigures breaker) {
        return new SiteWindow(s.method(), s.rule(), List.of("time", "circuit-breaker"), s.lengthNanos(),
                s.calls(), s.errors(), s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(),
                s.worstErrorSecond(), s.worstSlowSecond(), s.cache(), Optional.of(breaker), s.batch(), s.shadow());
    }

    static SiteWindow withBatch(SiteWindow s, BatchFigures batch) {
        return new SiteWindow(s.method(), s.rule(), List.of("time", "batch"), s.lengthNanos(), s.calls(),
                s.errors(), s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(), s.worstErrorSecond(),
                s.worstSlowSecond(), s.cache(), s.breaker(), Optional.of(batch), s.shadow());
    }

    static SiteWindow withShadow(SiteWindow s, ShadowCacheFigures shadow) {
        return new SiteWindow(s.method(), s.rule(), s.layers(), s.lengthNanos(), s.calls(), s.errors(),
                s.slowCalls(), s.totalNanos(), s.sloNanos(), s.p99Nanos(), s.worstErrorSecond(),
                s.worstSlowSecond(), s.cache(), s.breaker(), s.batch(), Optional.of(shadow));
    }

    static SiteEvidence evidence(SiteWindow... sites) {
        return new SiteEvidence(MINUTE, List.of(sites));
    }

    static SiteEvidence evidence(List<DeviceFigures> devices, SiteWindow... sites) {
        return new SiteEvidence(MINUTE, List.of(sites), devices);
    }

    static final long GIB = 1L << 30;

    /** A GPU of 80 GiB, {@code busy} busy with this process's work alone, {@code usedGib} in use at its fullest. */
    static DeviceFigures gpu(double busy, double usedGib) {
        return gpu(busy, busy, usedGib);
    }

    /** A GPU of 80 GiB, {@code busy} busy, {@code processBusy} of it this process's work. */
    static DeviceFigures gpu(double busy, double processBusy, double usedGib) {
        return new DeviceFigures("cuda", 0, "NVIDIA H100", busy, processBusy, (long) (usedGib * GIB), 80 * GIB, 60);
    }

    /** The CPU as the CPU accelerator reports it, {@code busy} busy, a third of it this process's work. */
    static DeviceFigures cpu(double busy) {
        return new DeviceFigures("cpu", 0, "Intel Xeon", busy, busy / 3, 60 * GIB, 64 * GIB, 60);
    }

    /**
     * Batch figures over a minute: {@code batches} of {@code meanSize}, cap and max-size as given, one executor,
     * {@code queued} calls waiting on average, no staging, no memory figures.
     */
    static BatchFigures batches(long batches, double meanSize, int cap, int maxSize, double queued) {
        return new BatchFigures(batches, Math.round(batches * meanSize), maxSize, 0, cap, 1,
                (long) (queued * MINUTE), MINUTE / 2, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }
}
