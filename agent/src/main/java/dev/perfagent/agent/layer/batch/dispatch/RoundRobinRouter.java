package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/** Each available executor in turn; one executor out of rotation passes its turn to the next. */
final class RoundRobinRouter implements Router {
    private final AtomicLong next = new AtomicLong();

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        int n = executors.length;
        int start = (int) Math.floorMod(next.getAndIncrement(), (long) n);
        for (int k = 0; k < n; k++) {
            Executor e = executors[(start + k) % n];
            if (e.available()) {
                return e;
            }
        }
        return null;
    }
}
