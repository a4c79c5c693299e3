package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.time.Ticker;
import java.util.ArrayList;
import java.util.List;

/**
 * Isolates the failing calls of a batch whose batch method threw: runs each half again, recursively, so
 * the calls whose own input fails get the exception of the smallest sub-batch that failed with them
 * (the single-call run, unless the budget ran out) and all others get their results. A batch with one
 * poisoned call costs about {@code 2 log2(n)} extra runs.
 *
 * <p>Calls whose callers have already given up (abandoned at their deadline) are left out of the
 * re-runs. Budget: when timeouts are set, a re-run is not started if the last run's duration would carry
 * it past the earliest deadline among the unresolved calls; those calls are then failed with the last
 * exception rather than kept waiting. If the batch method breaks its contract during a re-run, batching
 * is off and the calls not yet resolved are told to run alone.
 *
 * <p>One instance per failed batch, used by the leader's thread only.
 */
final class Bisection {
    private final BatchExecution execution;
    private final List<BatchRequest> batch;
    private final Ticker ticker;
    private final boolean timed;
    private Throwable last;
    private long lastRunNanos;

    Bisection(BatchExecution execution, List<BatchRequest> batch, Ticker ticker, boolean timed) {
        this.execution = execution;
        this.batch = batch;
        this.ticker = ticker;
        this.timed = timed;
    }

    /**
     * @param failure  what the batch method threw for the whole batch (of two or more calls)
     * @param runNanos how long that run took
     */
    void isolate(Throwable failure, long runNanos) {
        last = failure;
        lastRunNanos = runNanos;
        split(batch);
    }

    /** Re-runs both halves of {@code failed}; false once the budget ran out and the rest was failed. */
    private boolean split(List<BatchRequest> failed) {
        int middle = failed.size() >>> 1;
        return rerun(failed.subList(0, middle)) && rerun(failed.subList(middle, failed.size()));
    }

    private boolean rerun(List<BatchRequest> part) {
        List<BatchRequest> live = new ArrayList<>(part.size());
        for (BatchRequest request : part) {
            if (request.isUnresolved()) {
                live.add(request);
            }
        }
        if (live.isEmpty()) {
            return true;
        }
        if (execution.broken()) {
            live.forEach(BatchExecution::runAlone);
            return true;
        }
        if (outOfBudget()) {
            for (BatchRequest request : batch) {
                execution.fail(request, last);   // completes only the unresolved ones
            }
            return false;
        }
        long start = ticker.read();
        Throwable failure = execution.attempt(live);
        lastRunNanos = ticker.read() - start;
        if (failure == null) {
            return true;
        }
        last = failure;
        if (live.size() == 1) {
            execution.failIsolated(live.get(0), failure);
            return true;
        }
        return split(live);
    }

    /** Whether another run as long as the last would end past the earliest deadline still pending. */
    private boolean outOfBudget() {
        if (!timed) {
            return false;
        }
        long now = ticker.read();
        for (BatchRequest request : batch) {
            if (request.isUnresolved() && request.deadline - now < lastRunNanos) {
                return true;
            }
        }
        return false;
    }
}
