package dev.perfagent.agent;

import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Dispatcher;
import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.bootstrap.Outcome;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's side of {@link Hooks}: routes each woven call to its site's layers. On the timing path
 * it reads the clock on entry and records the elapsed time on exit, with no allocation and no lock.
 */
final class AgentDispatcher implements Dispatcher {
    private final SiteRegistry sites;
    private final Ticker ticker;
    private final AgentLog log;
    private final LongAdder faults = new LongAdder();

    AgentDispatcher(SiteRegistry sites, Ticker ticker, AgentLog log) {
        this.sites = sites;
        this.ticker = ticker;
        this.log = log;
    }

    @Override
    public long enter(int site) {
        long now = ticker.read();
        // 0 and 1 are Hooks' reserved tokens; a clock reading there is shifted by a nanosecond or two.
        return now == Hooks.UNTRACKED || now == Hooks.NESTED ? 2 : now;
    }

    @Override
    public void exit(int id, long token, Throwable thrown) {
        Site site = sites.get(id);
        if (site != null) {
            site.timing().record(ticker.read() - token, thrown != null);
        }
    }

    @Override
    public Outcome call(int id, Object self, Object[] args) {
        Site site = sites.get(id);
        BatchLayer batch = site == null ? null : site.batch();
        return batch == null ? null : batch.call(self, args);
    }

    @Override
    public void fault(int id, Throwable fault) {
        faults.increment();
        Site site = sites.get(id);
        String where = site == null ? "site " + id : site.method();
        if (site != null) {
            site.fault();
        }
        log.rateLimited(AgentLog.Level.WARN, "fault:" + id,
                "fault in the agent at " + where + " (the call went on unaffected): " + fault);
    }

    long faults() {
        return faults.sum();
    }
}
