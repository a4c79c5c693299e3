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
}
