package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The available executor expected to finish a batch soonest: its EWMA service time per call times
 * (batches in flight + 1), the cost Finagle's and Linkerd's latency-aware balancers use. The EWMA alone
 * would send every concurrent batch to the fastest executor however busy it is; the in-flight factor
 * spills batches over to the next fastest once it queues up. An executor without a sample yet costs 0, so
 * each is measured at once. Ties go to the first met on a scan that starts one place further each time.
 */
final class LeastLatencyRouter implements Router {
    private final AtomicLong start = new AtomicLong();

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        return CheapestScan.cheapest(executors, start, e -> Math.max(0, e.nanosPerCall()) * (e.inFlight() + 1));
    }
}
