package dev.perfagent.agent.site;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.timing.TimingRecorder;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.SiteMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One woven method: its id (the constant the advice passes), the rule that selected it, its timing, and
 * the chain of layers that act on its calls (limits, breaker, cache, batch; empty for a timing-only
 * site). A hot reload swaps the chain; a call in flight finishes with the chain it entered.
 */
public final class Site implements SiteMetrics {
    private final int id;
    private final String rule;
    private final String method;
    private final TimingRecorder timing;
    private final Ticker ticker;
    private final boolean interceptsCalls;
    private final boolean passesValues;
    private volatile LayerChain chain;
    private volatile BatchMetrics batchMetrics;
    private final LongAdder faults = new LongAdder();

    /** @param passesValues whether a layer of the site may read the call's arguments or return value (see {@link #passesValues()}) */
    Site(int id, String rule, String method, TimingRecorder timing, LayerChain chain, Ticker ticker,
         boolean passesValues) {
        this.id = id;
        this.rule = rule;
        this.method = method;
        this.timing = timing;
        this.ticker = ticker;
        // Fixed at weave time: a reload may change the layers but not the advice already in the class.
        this.interceptsCalls = !chain.isEmpty();
        this.passesValues = passesValues;
        chain(chain);
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
        List<String> names = new ArrayList<>();
        names.add("time");
        for (CallLayer layer : chain.layers()) {
            names.add(layer.kind().key());
        }
        return names;
    }

    /** The layers acting on calls; empty for a timing-only site. */
    public LayerChain chain() {
        return chain;
    }

    /**
     * Puts a new chain in place (hot reload) and returns the old one, which the caller closes once the
     * calls in it have drained.
     */
    public synchronized LayerChain chain(LayerChain next) {
        LayerChain previous = chain;
        chain = next;
        BatchLayer batch = (BatchLayer) next.layer(LayerKind.BATCH);
        batchMetrics = batch == null ? null : new SiteBatchMetrics(this, ticker);
        return previous;
    }

    /** The batch layer, or null when calls are not batched. */
    public BatchLayer batch() {
        return (BatchLayer) chain.layer(LayerKind.BATCH);
    }

    /** The figures of the protection layers (cache, breaker, limits), outermost first. */
    public List<LayerMetrics> layerMetrics() {
        List<LayerMetrics> all = new ArrayList<>();
        for (CallLayer layer : chain.layers()) {
            if (layer instanceof LayerMetrics) {
                all.add((LayerMetrics) layer);
            }
        }
        return all;
    }

    /** The batch layer's figures for the exporters, or null when calls are not batched. */
    public BatchMetrics batchMetrics() {
        return batchMetrics;
    }

    /** Whether the site's layers act on the call itself (it is woven with the call advice). */
    public boolean interceptsCalls() {
        return interceptsCalls;
    }

    /**
     * Whether the call advice hands the layers the call's arguments (an array made per call) and return value
     * (boxed when primitive); fixed at weave time like {@link #interceptsCalls()}: a reload whose layers would
     * read them weaves again.
     */
    public boolean passesValues() {
        return passesValues;
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
