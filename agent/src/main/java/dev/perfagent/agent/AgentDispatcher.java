package dev.perfagent.agent;

import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayeredCall;
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
    public Object call(int id, long token, Object self, Object[] args) {
        Site site = sites.get(id);
        if (site == null) {
            return null;
        }
        LayerChain chain = site.chain();
        // The token is the clock reading at entry: the layers share it rather than read the clock again.
        return chain.isEmpty() ? null : chain.enter(self, args, token);
    }

    @Override
    public void exitCall(int id, long token, Object state, Object returned, Throwable thrown) {
        // One clock reading serves the timing and every layer's exit.
        long now = ticker.read();
        Site site = sites.get(id);
        if (site != null) {
            site.timing().record(now - token, thrown != null);
        }
        if (state instanceof LayeredCall) {
            ((LayeredCall) state).exit(returned, thrown, now);
        }
    }

    @Override
    public void fault(int id, Throwable fault) {
        Site site = sites.get(id);
        if (site == null) {
            faults.increment();
            log.rateLimited(AgentLog.Level.WARN, "fault:" + id,
                    "fault in the agent at site " + id + " (the call went on unaffected): " + fault);
        } else {
            fault(site, fault);
        }
    }

    /** A fault inside one of the site's layers or hooks: counted, logged at most once a while per site. */
    void fault(Site site, Throwable fault) {
        faults.increment();
        site.fault();
        log.rateLimited(AgentLog.Level.WARN, "fault:" + site.id(),
                "fault in the agent at " + site.method() + " (the call went on unaffected): " + fault);
    }

    long faults() {
        return faults.sum();
    }
}
