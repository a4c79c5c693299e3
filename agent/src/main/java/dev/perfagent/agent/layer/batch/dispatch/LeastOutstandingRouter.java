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
        int n = executors.length;
        int from = (int) Math.floorMod(start.getAndIncrement(), (long) n);
        Executor best = null;
        int fewest = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            Executor e = executors[(from + k) % n];
            if (e.available()) {
                int inFlight = e.inFlight();
                if (inFlight < fewest) {
                    best = e;
                    fewest = inFlight;
                }
            }
        }
        return best;
    }
}
