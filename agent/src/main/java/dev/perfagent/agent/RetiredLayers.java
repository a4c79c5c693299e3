package dev.perfagent.agent;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.SiteRegistry.Retired;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Layers a reload took out of their sites, closed once the calls that entered the old chain are done
 * (or after a patience, so a call stuck in the host cannot keep them open for ever).
 */
final class RetiredLayers {
    private record Pending(Retired retired, String method, long deadline) {
    }

    private final Duration patience;
    private final Ticker ticker;
    private final AgentLog log;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    RetiredLayers(Duration patience, Ticker ticker, AgentLog log) {
        this.patience = patience;
        this.ticker = ticker;
        this.log = log;
    }

    void add(Retired retired, String method) {
        if (!retired.layers().isEmpty()) {
            pending.add(new Pending(retired, method, ticker.read() + patience.toNanos()));
        }
    }

    /** Closes what has drained; called by the control loop. */
    void tick() {
        long now = ticker.read();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            boolean drained = p.retired().previous().inFlight() <= 0;
            if (drained || now - p.deadline() >= 0) {
                it.remove();
                if (!drained) {
                    log.warn("reload: calls of " + p.method() + " still in the old layers after "
                            + patience.toSeconds() + " s; closing those layers now");
                }
                close(p);
            }
        }
    }

    /** Closes everything at once (detach). */
    void closeAll() {
        for (Pending p; (p = pending.poll()) != null; ) {
            close(p);
        }
    }

    private void close(Pending p) {
        for (CallLayer layer : p.retired().layers()) {
            try {
                layer.close();
            } catch (Throwable t) {
                log.error("closing the old " + layer.kind().key() + " layer of " + p.method() + " failed: " + t);
            }
        }
    }
}
