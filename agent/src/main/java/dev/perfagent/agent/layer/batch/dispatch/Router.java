package dev.perfagent.agent.layer.batch.dispatch;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Chooses the executor of one batch, once per batch (never per call). Called by the leaders of concurrent
 * batches at once: implementations are thread-safe, take no lock and allocate nothing on the way.
 */
interface Router {

    /**
     * @param executors every executor of the pool, in index order (a router may keep state per index)
     * @param firstCall the arguments of the batch's first call
     * @return an {@link Executor#available() available} executor, or null when none is
     */
    Executor choose(Executor[] executors, Object[] firstCall);

    /** The router of {@code settings.strategy()}, with random choices from {@code ThreadLocalRandom}. */
    static Router of(ExecutorSettings settings) {
        return of(settings, ThreadLocalRandom::current);
    }

    /** @param random the random choices of {@code power-of-two}; tests pass a seeded generator */
    static Router of(ExecutorSettings settings, Supplier<RandomGenerator> random) {
        switch (settings.strategy()) {
            case ROUND_ROBIN:
                return new RoundRobinRouter();
            case POWER_OF_TWO:
                return new PowerOfTwoRouter(random);
            case LEAST_LATENCY:
                return new LeastLatencyRouter();
            case WEIGHTED:
                return new WeightedRouter(settings::weight);
            case CONSISTENT_HASH:
                return new ConsistentHashRouter(settings.hashArgument());
            case LEAST_OUTSTANDING:
            default:
                return new LeastOutstandingRouter();
        }
    }
}
