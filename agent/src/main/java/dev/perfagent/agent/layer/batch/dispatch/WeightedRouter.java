package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * Each executor in proportion to its weight, interleaved: smooth weighted round-robin as nginx does it
 * (weights 5, 1, 1 give a a b a c a a, not a a a a a b c). nginx steps the algorithm under a lock on every
 * pick; its sequence is periodic with period = the sum of the weights, so this router computes one period
 * once per number of executors and walks it with an atomic counter, lock-free. An executor out of rotation
 * passes its slots to the next ones in the schedule.
 */
final class WeightedRouter implements Router {
    private final IntUnaryOperator weights;
    private final AtomicLong next = new AtomicLong();
    private volatile Schedule schedule;

    /** One period of the sequence for {@code executors} executors. */
    private record Schedule(int executors, int[] order) {
    }

    /** @param weights the weight of the executor at an index, at least 1 */
    WeightedRouter(IntUnaryOperator weights) {
        this.weights = weights;
    }

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        int n = executors.length;
        Schedule s = schedule;
        if (s == null || s.executors() != n) {
            s = new Schedule(n, period(n));
            schedule = s;   // racing builders compute the same schedule
        }
        int[] order = s.order();
        int start = (int) Math.floorMod(next.getAndIncrement(), (long) order.length);
        for (int k = 0; k < order.length; k++) {
            Executor e = executors[order[(start + k) % order.length]];
            if (e.available()) {
                return e;
            }
        }
        return null;
    }

    /** nginx's algorithm, one period: add each weight to its running score, take the highest, lower it by the total. */
    int[] period(int n) {
        int[] weight = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = Math.max(1, weights.applyAsInt(i));
            total += weight[i];
        }
        int[] current = new int[n];
        int[] order = new int[total];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weight[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[step] = best;
        }
        return order;
    }
}
