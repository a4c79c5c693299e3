package dev.perfagent.agent.layer.cache;

/**
 * The daemon thread ({@code perf-agent-cache-refresh}) that refreshes a cache layer's stale entries by
 * calling the woven method. It carries the refresh it is making, so that the cache layer, entered by that
 * call, lets it through to the method body instead of answering it from the stale entry. A field of the
 * thread rather than a {@code ThreadLocal}: the layer's hit path then pays one type check, not a lookup.
 */
final class RefreshThread extends Thread {
    static final String NAME = "perf-agent-cache-refresh";

    /** The refresh being made; read and written by this thread only. */
    private PendingLoad ticket;
    private boolean taken;

    RefreshThread(Runnable task) {
        // Created on an application thread: inherit none of its inheritable thread locals.
        super(null, task, NAME, 0, false);
        setDaemon(true);
        // Only the application's own loader, set per refresh, may be seen by the method it calls.
        setContextClassLoader(null);
    }

    /** Begins a refresh: the next woven call that enters {@code ticket.layer()} on this thread is it. */
    void begin(PendingLoad load) {
        ticket = load;
        taken = false;
    }

    /** The refresh, if this call is it: only the first call entering its layer takes it. */
    PendingLoad take(CacheLayer layer) {
        PendingLoad load = ticket;
        if (load == null || load.layer() != layer || taken) {
            return null;
        }
        taken = true;
        return load;
    }

    /** Ends the refresh; true if its layer was entered (a layer that never saw the call stored nothing). */
    boolean end() {
        boolean reached = taken;
        ticket = null;
        taken = false;
        return reached;
    }
}
