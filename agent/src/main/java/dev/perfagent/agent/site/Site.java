package dev.perfagent.agent.site;

import dev.perfagent.agent.layer.timing.TimingRecorder;
import dev.perfagent.export.SiteMetrics;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One woven method: its id (the constant the advice passes), the rule that selected it, and the layers
 * that act on its calls. Currently the timing layer; later layers join the chain here.
 */
public final class Site implements SiteMetrics {
    private final int id;
    private final String rule;
    private final String method;
    private final TimingRecorder timing;
    private final LongAdder faults = new LongAdder();

    Site(int id, String rule, String method, TimingRecorder timing) {
        this.id = id;
        this.rule = rule;
        this.method = method;
        this.timing = timing;
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
        return List.of("time");
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
