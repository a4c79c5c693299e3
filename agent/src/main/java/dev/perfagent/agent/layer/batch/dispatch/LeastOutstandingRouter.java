package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The available executor with the fewest batches in flight. The scan starts one place further each time,
 * so ties (all idle, the common case at low load) are spread round-robin instead of all going to the first.
 */
final class LeastOutstandingRouter implements Router {
    private final AtomicLong start = new AtomicLong();

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        return CheapestScan.cheapest(executors, start, Executor::inFlight);
    }
}
