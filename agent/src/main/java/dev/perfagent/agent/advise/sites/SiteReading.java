package dev.perfagent.agent.advise.sites;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchStats;
import dev.perfagent.agent.layer.observe.KeyObservationLayer;
import dev.perfagent.agent.site.Site;
import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import java.util.Map;
import java.util.Optional;

/**
 * A site's cumulative counters at one moment, as its timing and its layers' exported figures give them. Two
 * readings subtract into what happened between them.
 *
 * @param calls completed calls
 * @param errors calls that threw
 * @param slow calls slower than the SLO
 * @param totalNanos summed latency
 * @param cache the cache layer's counters, if it has one
 * @param breaker the breaker's counters, if it has one
 * @param batch the batch layer's counters, if it has one
 * @param shadow the key observer's counters, if its keys are observed
 */
record SiteReading(long calls, long errors, long slow, long totalNanos, Optional<CacheFigures> cache,
        Optional<BreakerFigures> breaker, Optional<BatchFigures> batch, Optional<ShadowCacheFigures> shadow) {

    /** Before a site's first call: what a site woven during the window is measured from. */
    static final SiteReading ZERO = new SiteReading(0, 0, 0, 0, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Reads the site now. */
    static SiteReading of(Site site) {
        Optional<CacheFigures> cache = Optional.empty();
        Optional<BreakerFigures> breaker = Optional.empty();
        for (LayerMetrics layer : site.layerMetrics()) {
            if ("cache".equals(layer.layer())) {
                cache = Optional.of(new CacheFigures(sum(layer, "hits", Map.of()), sum(layer, "misses", Map.of())));
            } else if ("circuit_breaker".equals(layer.layer())) {
                breaker = Optional.of(breaker(layer));
            }
        }
        BatchMetrics batchMetrics = site.batchMetrics();
        Optional<BatchFigures> batch = batchMetrics == null ? Optional.empty() : Optional.of(batch(site, batchMetrics));
        // Errors and totals before calls: a call completing meanwhile then shows in calls, never errors > calls.
        long errors = site.errors();
        long slow = site.sloViolations();
        long total = site.totalNanos();
        return new SiteReading(Math.max(site.calls(), errors), errors, slow, total, cache, breaker, batch,
                shadow(site));
    }

    /** The batch layer's counters and, from its controller and memory-aware cap, its state now. */
    private static BatchFigures batch(Site site, BatchMetrics metrics) {
        BatchLayer layer = site.batch();
        if (layer == null) {   // a reload took the layer away after the figures were read
            return new BatchFigures(metrics.batches(), metrics.items(), metrics.maxSize(), metrics.delaySeconds());
        }
        BatchStats stats = layer.stats();
        int replicas = layer.replicated() ? layer.executorSettings().replicas() : 1;
        return new BatchFigures(metrics.batches(), metrics.items(), metrics.maxSize(), metrics.delaySeconds(),
                metrics.cap(), replicas, stats.queueWaitNanos(), stats.serviceNanos(), stats.stagingNanos(),
                stats.outOfMemories(), metrics.memoryCap(), metrics.memoryPerItemBytes(),
                metrics.costFixedSeconds() * 1e9, metrics.costPerItemSeconds() * 1e9);
    }

    /** The shadow cache's figures, when the site's keys are observed ({@code observe-keys}). */
    private static Optional<ShadowCacheFigures> shadow(Site site) {
        CallLayer layer = site.chain().layer(LayerKind.KEY_OBSERVATION);
        return layer instanceof KeyObservationLayer
                ? Optional.of(((KeyObservationLayer) layer).shadowFigures()) : Optional.empty();
    }

    private static BreakerFigures breaker(LayerMetrics layer) {
        long success = sum(layer, "calls", Map.of("outcome", "success"));
        long failure = sum(layer, "calls", Map.of("outcome", "failure"));
        long slowSuccess = sum(layer, "calls", Map.of("outcome", "slow_success"));
        long slowFailure = sum(layer, "calls", Map.of("outcome", "slow_failure"));
        long notPermitted = sum(layer, "calls", Map.of("outcome", "not_permitted"));
        long opened = sum(layer, "transitions", Map.of("to", "open"));
        long closed = sum(layer, "transitions", Map.of("from", "half_open", "to", "closed"));
        return new BreakerFigures(success + failure + slowSuccess + slowFailure, failure + slowFailure,
                slowSuccess + slowFailure, notPermitted, opened, closed);
    }

    /** The sum of the layer's figures of this name whose labels include {@code labels}. */
    private static long sum(LayerMetrics layer, String name, Map<String, String> labels) {
        double total = 0;
        for (LayerFigure figure : layer.figures()) {
            if (figure.name().equals(name) && figure.labels().entrySet().containsAll(labels.entrySet())) {
                total += figure.value();
            }
        }
        return Math.round(total);
    }

    /**
     * What happened since {@code before}. A counter that went down was restarted (a reload rebuilt the layer,
     * or a layer came or went), so its whole value now counts.
     */
    SiteReading minus(SiteReading before) {
        return new SiteReading(delta(calls, before.calls), delta(errors, before.errors), delta(slow, before.slow),
                delta(totalNanos, before.totalNanos),
                cache.map(c -> before.cache.map(b -> new CacheFigures(delta(c.hits(), b.hits()),
                        delta(c.misses(), b.misses()))).orElse(c)),
                breaker.map(c -> before.breaker.map(b -> new BreakerFigures(delta(c.recorded(), b.recorded()),
                        delta(c.failures(), b.failures()), delta(c.slow(), b.slow()),
                        delta(c.notPermitted(), b.notPermitted()), delta(c.opened(), b.opened()),
                        delta(c.closed(), b.closed()))).orElse(c)),
                batch.map(c -> before.batch.map(b -> new BatchFigures(delta(c.batches(), b.batches()),
                        delta(c.items(), b.items()), c.maxSize(), c.delaySeconds(), c.cap(), c.replicas(),
                        delta(c.queueWaitNanos(), b.queueWaitNanos()), delta(c.serviceNanos(), b.serviceNanos()),
                        delta(c.stagingNanos(), b.stagingNanos()), delta(c.outOfMemories(), b.outOfMemories()),
                        c.memoryCap(), c.memoryPerItemBytes(), c.costFixedNanos(), c.costPerItemNanos()))
                        .orElse(c)),
                shadow.map(c -> before.shadow.map(b -> new ShadowCacheFigures(delta(c.lookups(), b.lookups()),
                        delta(c.hits(), b.hits()), c.proposedSize(), c.sampleRate())).orElse(c)));
    }

    private static long delta(long now, long before) {
        return now >= before ? now - before : now;
    }
}
