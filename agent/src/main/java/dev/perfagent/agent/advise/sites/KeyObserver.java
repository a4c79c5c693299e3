package dev.perfagent.agent.advise.sites;

import dev.perfagent.agent.log.AgentLog;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches the argument keys of one woven site's calls and feeds them to a {@link ShadowCache}, so the advisor
 * can tell whether caching the method would pay before a cache is configured. Opt-in: it needs the
 * arguments, which the timing-only path does not pass.
 *
 * <p>Called on application threads, concurrently. It never throws: a key whose {@code hashCode} throws (the
 * host's code) is counted in {@link #faults()}, logged rate-limited, and skipped.
 */
public final class KeyObserver {
    private final String method;
    private final ShadowCache shadow;
    private final boolean withReceiver;
    private final AgentLog log;
    private final LongAdder faults = new LongAdder();

    /**
     * An observer of {@code method}'s keys.
     *
     * @param method the site's method, for the log
     * @param shadow the shadow cache of the proposed size
     * @param withReceiver whether the receiver is part of the key, as in a cache with {@code shared: false}
     *     (the default): each instance would have its own entries
     * @param log where a failing key is reported
     */
    public KeyObserver(String method, ShadowCache shadow, boolean withReceiver, AgentLog log) {
        this.method = method;
        this.shadow = shadow;
        this.withReceiver = withReceiver;
        this.log = log;
    }

    /**
     * One call: its key goes to the shadow if it falls in the sample.
     *
     * @param receiver the receiver, null for a static method
     * @param args the call's arguments; read, never changed or kept
     */
    public void observe(Object receiver, Object[] args) {
        try {
            shadow.offer(KeyHash.of(receiver, withReceiver, args));
        } catch (RuntimeException | StackOverflowError e) {
            faults.increment();
            log.rateLimited(AgentLog.Level.WARN, "key-observer " + method,
                    "advise: the arguments of " + method + " could not be hashed and were skipped: " + e);
        }
    }

    /** The shadow's lookups and hits since the observer was made; monotonic. */
    public ShadowCacheFigures figures() {
        return shadow.figures();
    }

    /** Keys that could not be hashed. */
    public long faults() {
        return faults.sum();
    }
}
