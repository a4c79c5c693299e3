package dev.perfagent.agent.site;

import dev.perfagent.agent.layer.batch.BatchControllerSnapshot;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchStats;
import dev.perfagent.agent.layer.batch.DeviceMemoryCap;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSnapshot;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.BatchMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * A batched site's figures as the exporters read them: the layer's counters and histograms, and the
 * state of its busiest controller (one per receiver; usually there is one model instance).
 */
final class SiteBatchMetrics implements BatchMetrics {
    private static final double NANOS_PER_SECOND = 1e9;

    private final Site site;
    private final BatchLayer layer;
    private final Ticker ticker;
    private final long createdAt;

    SiteBatchMetrics(Site site, Ticker ticker) {
        this.site = site;
        this.layer = site.batch();
        this.ticker = ticker;
        this.createdAt = ticker.read();
    }

    private BatchStats stats() {
        return layer.stats();
    }

    /** How long one reading of the controllers serves: a scrape asks for it several times in a row. */
    private static final long CONTROLLER_READING_NANOS = 100_000_000L;

    private record ControllerReading(BatchControllerSnapshot busiest, long at) {
    }

    private volatile ControllerReading lastReading;

    /** The controller with the most samples, or null without an adaptive controller. */
    private BatchControllerSnapshot controller() {
        long now = ticker.read();
        ControllerReading last = lastReading;
        if (last != null && now - last.at() < CONTROLLER_READING_NANOS) {
            return last.busiest();
        }
        BatchControllerSnapshot busiest = busiestController();
        lastReading = new ControllerReading(busiest, now);
        return busiest;
    }

    private BatchControllerSnapshot busiestController() {
        List<BatchControllerSnapshot> all = layer.controllers();
        BatchControllerSnapshot busiest = null;
        for (BatchControllerSnapshot s : all) {
            if (busiest == null || s.costSamples() > busiest.costSamples()) {
                busiest = s;
            }
        }
        return busiest;
    }

    @Override
    public int id() {
        return site.id();
    }

    @Override
    public String rule() {
        return site.rule();
    }

    @Override
    public String method() {
        return site.method();
    }

    @Override
    public String via() {
        return layer.via();
    }

    @Override
    public long items() {
        return stats().items();
    }

    @Override
    public long batches() {
        return stats().batches();
    }

    @Override
    public long rejectedFull() {
        return stats().rejected();
    }

    @Override
    public long rejectedShed() {
        return stats().shed();
    }

    @Override
    public long timedOut() {
        return stats().timedOut();
    }

    @Override
    public long isolatedFailures() {
        return stats().isolatedFailures();
    }

    @Override
    public long runAlone() {
        return stats().runAlone();
    }

    @Override
    public Histogram batchSizes() {
        return stats().batchSizes();
    }

    @Override
    public Histogram queueWaitNanos() {
        return stats().queueWait();
    }

    @Override
    public Histogram serviceNanos() {
        return stats().serviceTime();
    }

    @Override
    public int maxSize() {
        return layer.settings().maxSize();
    }

    @Override
    public int cap() {
        BatchControllerSnapshot c = controller();
        return c == null ? layer.settings().maxSize() : c.cap();
    }

    @Override
    public double delaySeconds() {
        BatchControllerSnapshot c = controller();
        return c == null ? layer.fixedDelay().toNanos() / NANOS_PER_SECOND : c.delayNanos() / NANOS_PER_SECOND;
    }

    @Override
    public double costFixedSeconds() {
        BatchControllerSnapshot c = controller();
        return c == null || c.costSamples() == 0 ? Double.NaN : c.costInterceptNanos() / NANOS_PER_SECOND;
    }

    @Override
    public double costPerItemSeconds() {
        BatchControllerSnapshot c = controller();
        return c == null || c.costSamples() == 0 ? Double.NaN : c.costPerItemNanos() / NANOS_PER_SECOND;
    }

    @Override
    public OptionalLong sloNanos() {
        return layer.settings().sloP99().map(d -> OptionalLong.of(d.toNanos())).orElse(OptionalLong.empty());
    }

    @Override
    public double observedP99Seconds() {
        // The site's own latency window: every batched call is timed there, SLO or not.
        Histogram recent = site.recentLatency();
        return recent.getTotalCount() == 0 ? Double.NaN : recent.getValueAtPercentile(99) / NANOS_PER_SECOND;
    }

    /**
     * Little's law over the site's recent latency window: calls in flight = completions per second times
     * the mean latency. When batches never grow beyond this, the callers, not the batcher, limit them.
     */
    @Override
    public double callerConcurrency() {
        Histogram recent = site.recentLatency();
        long count = recent.getTotalCount();
        if (count == 0) {
            return Double.NaN;
        }
        double windowSeconds = Math.min(SiteRegistry.WINDOW.toNanos(), ticker.read() - createdAt) / NANOS_PER_SECOND;
        if (windowSeconds <= 0) {
            return Double.NaN;
        }
        return count / windowSeconds * (recent.getMean() / NANOS_PER_SECOND);
    }

    @Override
    public String offReason() {
        return layer.offReason();
    }

    @Override
    public double memoryPerItemBytes() {
        return layer.deviceMemory().bytesPerItem();
    }

    @Override
    public int memoryCap() {
        DeviceMemoryCap.Figures memory = layer.deviceMemory();
        int learnt = memory.offReason() == null && memory.cap() < layer.settings().maxSize() ? memory.cap() : 0;
        int outOfMemory = layer.outOfMemoryCap();
        if (learnt == 0 || outOfMemory == 0) {
            return Math.max(learnt, outOfMemory);
        }
        return Math.min(learnt, outOfMemory);
    }

    @Override
    public String memoryOffReason() {
        return layer.deviceMemory().offReason();
    }

    @Override
    public List<BatchExecutorFigures> executors() {
        List<BatchExecutorFigures> all = new ArrayList<>();
        for (ExecutorSnapshot e : layer.executors()) {
            all.add(new BatchExecutorFigures(e.name(), e.batches(), e.items(), e.failures(), e.inFlight(),
                    e.nanosPerCall() < 0 ? Double.NaN : e.nanosPerCall() / NANOS_PER_SECOND, e.inRotation()));
        }
        return all;
    }
}
