package dev.perfagent.agent.layer.batch.dispatch;

import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.StagingTimer;
import dev.perfagent.agent.time.Ticker;
import java.util.List;

/**
 * The batch function of a queue with several executors: routes each batch, whole, to one executor of its
 * {@link ExecutorPool} and tells the pool how it went. To the batcher it is one batch function, so the
 * batcher's guarantees hold unchanged: every caller gets its own result or its own exception. A batch that
 * throws is re-run in halves by the batcher's bisection, as with one executor, and each re-run is routed
 * anew, so the calls of a batch that failed on a broken executor mostly complete on the others; no call
 * runs more often than bisection already runs it.
 */
public final class RoutedBatchFunction implements BatchFunction {
    private final String name;
    private final ExecutorPool pool;
    private final Ticker ticker;

    /** @param name names the site in exception messages */
    public RoutedBatchFunction(String name, ExecutorPool pool, Ticker ticker) {
        this.name = name;
        this.pool = pool;
        this.ticker = ticker;
    }

    @Override
    public List<Object> apply(List<Object[]> calls) throws Throwable {
        return apply(calls, StagingTimer.NONE);
    }

    /** Routes the batch; the chosen executor's function times its own staging. */
    @Override
    public List<Object> apply(List<Object[]> calls, StagingTimer staging) throws Throwable {
        Executor executor = pool.route(calls.get(0));
        if (executor == null) {
            throw new IllegalStateException(name + ": no executor left to run the batch (the receivers of every"
                    + " replica were collected)");
        }
        executor.started();
        long start = ticker.read();
        List<Object> results;
        try {
            results = executor.function().apply(calls, staging);
        } catch (Throwable t) {
            record(executor, calls.size(), start, t);
            throw t;
        }
        record(executor, calls.size(), start, null);
        return results;
    }

    /** Never throws: the batch has run, and a fault here must not make the batcher run it again. */
    private void record(Executor executor, int size, long start, Throwable failure) {
        try {
            pool.finished(executor, size, ticker.read() - start, failure);
        } catch (Throwable ignored) {
            // The figures miss one batch; the callers still get their results.
        }
    }

    /** The pool it routes to. */
    public ExecutorPool pool() {
        return pool;
    }
}
