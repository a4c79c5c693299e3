package dev.perfagent.agent.layer.cache;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reloads a cache layer's stale entries off the callers' threads (refresh-ahead): on one daemon thread,
 * {@value RefreshThread#NAME}, started on the first refresh and ended after {@value #IDLE_SECONDS} s without
 * one, it calls the woven method reflectively with the arguments of the hit that found the entry stale. The
 * call goes through the site's layers like any other; the cache layer recognises it by its {@link
 * RefreshThread} and lets it through to the body, and its exit replaces the entry.
 *
 * <p>When the method cannot be reached reflectively (a module that does not open its package, a class no
 * longer loadable), this says so once in the log and {@link #available()} turns false for good: the layer then
 * refreshes inline, letting the stale hit run the method itself.
 *
 * <p>Refreshes run one at a time, at most {@value #QUEUE} waiting; a stale hit that finds the queue full
 * schedules nothing, and the next one tries again.
 */
final class BackgroundRefresher {
    static final int QUEUE = 1024;
    static final int IDLE_SECONDS = 30;

    private final LayerTarget target;
    private final AgentLog log;
    private final ThreadPoolExecutor executor;
    private final Object resolving = new Object();
    private volatile Method method;
    private volatile String unreachable;
    private volatile boolean closed;

    BackgroundRefresher(LayerTarget target, AgentLog log) {
        this.target = target;
        this.log = log;
        this.executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), RefreshThread::new);
        executor.allowCoreThreadTimeOut(true);
    }

    /** Whether refreshes can run in the background; the first call looks the method up. */
    boolean available() {
        if (method != null) {
            return true;
        }
        if (unreachable != null) {
            return false;
        }
        synchronized (resolving) {
            if (method == null && unreachable == null) {
                try {
                    method = WovenMethodLookup.find(target);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    unreachable = e.toString();
                    log.warn("cache layer of " + target.method() + ": cannot call the method from a background"
                            + " thread (" + e + "); stale entries are refreshed by the call that finds them");
                }
            }
        }
        return method != null;
    }

    /**
     * Schedules a refresh; {@code done} runs when it is over, whatever happened.
     *
     * @param self the receiver to call the method on (ignored for a static method)
     * @param args the arguments, already copied from the caller's
     * @return false if it was not scheduled (closed, or the queue is full): {@code done} will not run
     */
    boolean submit(PendingLoad load, Object self, Object[] args, Runnable done) {
        if (closed || method == null) {
            return false;
        }
        try {
            executor.execute(() -> refresh(load, self, args, done));
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    private void refresh(PendingLoad load, Object self, Object[] args, Runnable done) {
        RefreshThread thread = (RefreshThread) Thread.currentThread();
        try {
            if (closed) {
                return;
            }
            thread.setContextClassLoader(target.classLoader());
            thread.begin(load);
            method.invoke(Modifier.isStatic(method.getModifiers()) ? null : self, args);
        } catch (InvocationTargetException thrown) {
            // The method threw: the layer's exit saw it and kept the old value.
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            log.rateLimited(AgentLog.Level.WARN, "cache-refresh:" + target.method(),
                    "cache layer of " + target.method() + ": refresh failed: " + e);
        } finally {
            if (!thread.end()) {
                // The call never entered the layer (the agent detached, or the site got a new chain): nothing
                // was stored, and the entry is refreshed on a later stale hit.
                log.debug("cache layer of " + target.method() + ": a refresh did not reach the layer");
            }
            thread.setContextClassLoader(null);
            done.run();
        }
    }

    /** "background", or "inline" and why, for {@code /status}; "pending" before the first refresh. */
    String mode() {
        if (method != null) {
            return "background";
        }
        String why = unreachable;
        return why == null ? "pending" : "inline (" + why + ")";
    }

    /** Stops refreshing: queued refreshes are dropped, one running finishes; the thread then ends. */
    void close() {
        closed = true;
        executor.shutdown();
    }
}
