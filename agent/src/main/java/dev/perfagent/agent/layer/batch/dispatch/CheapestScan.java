package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The scan the cost-based routers share: the available executor of lowest cost, on a scan that starts one
 * place further each time, so ties (all idle, the common case at low load) go round-robin rather than all to
 * the first. Allocates nothing when {@code cost} captures nothing.
 */
final class CheapestScan {
    private CheapestScan() {
    }

    /**
     * @param start bumped once per choice: where this scan begins
     * @return the available executor of lowest cost, the first met among equals; null when none is available
     */
    static Executor cheapest(Executor[] executors, AtomicLong start, ToDoubleFunction<Executor> cost) {
        int n = executors.length;
        int from = (int) Math.floorMod(start.getAndIncrement(), (long) n);
        Executor best = null;
        double lowest = Double.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            Executor e = executors[(from + k) % n];
            if (e.available()) {
                double c = cost.applyAsDouble(e);
                if (c < lowest) {
                    best = e;
                    lowest = c;
                }
            }
        }
        return best;
    }
}
