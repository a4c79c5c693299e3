package dev.perfagent.agent.site;

import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.timing.TimingRecorder;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.SiteMetrics;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One woven method: its id (the constant the advice passes), the rule that selected it, and the layers
 * that act on its calls: timing always, batching when the rule asks for it.
 */
public final class Site implements SiteMetrics {
    private final int id;
    private final String rule;
    private final String method;
    private final TimingRecorder timing;
    private final BatchLayer batch;
    private final BatchMetrics batchMetrics;
    private final LongAdder faults = new LongAdder();

    Site(int id, String rule, String method, TimingRecorder timing, BatchLayer batch, Ticker ticker) {
        this.id = id;
        this.rule = rule;
        this.method = method;
        this.timing = timing;
        this.batch = batch;
        this.batchMetrics = batch == null ? null : new SiteBatchMetrics(this, ticker);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String rule() {
        return rule;
    }

    @Override
    public String method() {
        return method;
    }

    /** The layers stacked on this site, outermost first, for /status. */
    public List<String> layers() {
        return batch == null ? List.of("time") : List.of("time", "batch");
    }

    /** The batch layer, or null when calls are not batched. */
    public BatchLayer batch() {
        return batch;
    }

    /** The batch layer's figures for the exporters, or null when calls are not batched. */
    public BatchMetrics batchMetrics() {
        return batchMetrics;
    }

    /** Whether the site's layers act on the call itself (it is woven with the call advice). */
    public boolean interceptsCalls() {
        return batch != null;
    }

    public TimingRecorder timing() {
        return timing;
    }

    /** Counts a fault of the agent on this site. */
    public void fault() {
        faults.increment();
    }

    public long faults() {
        return faults.sum();
    }

    @Override
    public long calls() {
        return timing.calls();
    }

    @Override
    public long errors() {
        return timing.errors();
    }

    @Override
    public long sloViolations() {
        return timing.sloViolations();
    }

    @Override
    public long totalNanos() {
        return timing.totalNanos();
    }

    @Override
    public OptionalLong sloNanos() {
        return timing.sloNanos();
    }

    @Override
    public Histogram recentLatency() {
        return timing.recentLatency();
    }
}
