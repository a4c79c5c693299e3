package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.time.Ticker;
import dev.perfagent.export.jfr.BatchEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs batches on a leader's thread and completes every request in them: with its own result, its own
 * exception ({@link Bisection} isolates the failing calls of a failed batch), an
 * {@link IllegalStateException} if the batch method returned the wrong number of results, or
 * {@link Batcher#RUN_ALONE} once batching is off. Several leaders may use one instance at once (one per
 * worker); its only shared state is the {@code broken} flag.
 */
final class BatchExecution {
    private final String name;
    private final BatchFunction function;
    private final BatchPolicy policy;
    private final BatchStats stats;
    private final Ticker ticker;
    private final boolean timed;
    private final int maxSize;
    private final StagingTimer staging;
    private final DeviceMemoryCap memory;
    /** Set once the batch method broke its contract; never cleared. */
    private volatile boolean broken;

    /**
     * @param timed   whether requests carry deadlines (the batcher has a timeout)
     * @param maxSize the configured largest batch
     * @param memory  memory-aware batching of the site ({@link DeviceMemoryCap#OFF} without)
     */
    BatchExecution(String name, BatchFunction function, BatchPolicy policy, BatchStats stats, Ticker ticker,
                   boolean timed, int maxSize, DeviceMemoryCap memory) {
        this.maxSize = maxSize;
        this.memory = memory;
        this.staging = new StagingTimer(ticker, stats);
        this.name = name;
        this.function = function;
        this.policy = policy;
        this.stats = stats;
        this.ticker = ticker;
        this.timed = timed;
    }

    boolean broken() {
        return broken;
    }

    /**
     * Runs one batch drained from the queue (each request TAKEN by this thread) and completes all of its
     * requests. Throws only what agent code threw unexpectedly; the caller then completes the rest.
     */
    void run(List<BatchRequest> batch) {
        long start = ticker.read();
        recordQueueWaits(batch, start);
        Throwable failure = attempt(batch);
        if (failure != null) {
            if (OutOfMemorySignal.isOutOfMemory(failure)) {
                try {
                    stats.recordOutOfMemory();
                    policy.outOfMemory(batch.size(), ticker.read());
                } catch (Throwable t) {
                    fault(t);
                }
            }
            if (batch.size() == 1) {
                fail(batch.get(0), failure);
            } else {
                new Bisection(this, batch, ticker, timed).isolate(failure, ticker.read() - start);
            }
        }
        try {
            long service = ticker.read() - start;
            stats.recordBatch(batch.size(), service);
            if (BatchEvent.enabled()) {
                emitEvent(batch, start, service, failure != null);
            }
        } catch (Throwable t) {
            fault(t);
        }
    }

    /** One JFR event per batch, only while a recording asks for it. */
    private void emitEvent(List<BatchRequest> batch, long start, long service, boolean bisected) {
        int failed = 0;
        if (bisected) {
            for (BatchRequest request : batch) {
                failed += request.completedWithFailure() ? 1 : 0;
            }
        }
        BatchEvent.emit(name, batch.size(), policy.cap(), start - batch.get(0).arrival, service, failed,
                BatchEvent.outcome(batch.size(), failed));
    }

    /**
     * Calls the batch method once for {@code requests} and, if it returned, completes them with their
     * results. Returns what the batch method threw, or null.
     */
    Throwable attempt(List<BatchRequest> requests) {
        List<Object[]> calls = new ArrayList<>(requests.size());
        for (BatchRequest request : requests) {
            calls.add(request.args);
        }
        long freeBefore = memory.before();
        long start = ticker.read();
        List<Object> results;
        try {
            results = function.apply(calls, staging);
        } catch (Throwable t) {
            return t;
        }
        long end = ticker.read();
        long freeAfter = memory.after(freeBefore);   // before the callers are released and drop their results
        if (results == null || results.size() != requests.size()) {
            breakContract(requests, results);
            return null;
        }
        boolean[] completed = new boolean[requests.size()];
        for (int i = 0; i < completed.length; i++) {
            completed[i] = requests.get(i).complete(results.get(i), null);
        }
        // Callers are released first; the policy hears about it after.
        try {
            policy.batchDone(requests.size(), end - start, end);
            if (freeAfter >= 0) {
                policy.deviceMemoryCap(memory.learn(requests.size(), freeBefore, freeAfter, maxSize), end);
            }
            for (int i = 0; i < completed.length; i++) {
                if (completed[i]) {
                    policy.callDone(end - requests.get(i).arrival, end);
                }
            }
        } catch (Throwable t) {
            fault(t);
        }
        return null;
    }

    /** Completes a request with an exception the batch method threw for it. */
    void fail(BatchRequest request, Throwable failure) {
        if (request.complete(null, failure)) {
            reportCallDone(request);
        }
    }

    /** Completes a request that bisection showed to fail on its own input. */
    void failIsolated(BatchRequest request, Throwable failure) {
        fail(request, failure);
        try {
            stats.recordIsolatedFailure();
        } catch (Throwable t) {
            fault(t);
        }
    }

    /** Completes a request with {@link Batcher#RUN_ALONE}: its caller runs the original method itself. */
    static void runAlone(BatchRequest request) {
        request.complete(Batcher.RUN_ALONE, null);
    }

    void fault(Throwable fault) {
        try {
            stats.recordFault(fault);
        } catch (Throwable ignored) {
            // Nothing is left to tell; the call itself is still completed by our caller.
        }
    }

    /** A result list of the wrong length: the batch method cannot be trusted, so batching stops for good. */
    private void breakContract(List<BatchRequest> requests, List<Object> results) {
        broken = true;
        try {
            stats.recordDisabled();
        } catch (Throwable t) {
            fault(t);
        }
        String actual = results == null ? "null" : results.size() + " results";
        for (BatchRequest request : requests) {
            fail(request, new IllegalStateException(name + ": the batch method returned " + actual + " for "
                    + requests.size() + " calls (expected " + requests.size() + " results); batching is now off"
                    + " for this site and its calls run the original method"));
        }
    }

    private void recordQueueWaits(List<BatchRequest> batch, long start) {
        try {
            for (BatchRequest request : batch) {
                stats.recordQueueWait(start - request.arrival);
            }
        } catch (Throwable t) {
            fault(t);
        }
    }

    private void reportCallDone(BatchRequest request) {
        try {
            long now = ticker.read();
            policy.callDone(now - request.arrival, now);
        } catch (Throwable t) {
            fault(t);
        }
    }
}
