package dev.perfagent.agent.layer.batch.dispatch;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The power of two choices (Mitzenmacher): draws two distinct executors at random and takes the one with
 * fewer batches in flight; on a tie the one with the lower EWMA service time per call, then the first drawn.
 * Nearly as good as {@link LeastOutstandingRouter} at spreading load, without reading every executor, and
 * with none of the herding of a strict minimum when many leaders choose at once. An executor drawn that is
 * out of rotation loses to the other; when both are, the choice falls back to the least outstanding of all.
 */
final class PowerOfTwoRouter implements Router {
    private final Supplier<RandomGenerator> random;
    private final LeastOutstandingRouter fallback = new LeastOutstandingRouter();

    /** @param random a generator for the calling thread: {@code ThreadLocalRandom::current}, or a seeded one */
    PowerOfTwoRouter(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        int n = executors.length;
        if (n == 1) {
            return executors[0].available() ? executors[0] : null;
        }
        RandomGenerator rnd = random.get();
        int i = rnd.nextInt(n);
        int j = rnd.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Executor a = executors[i];
        Executor b = executors[j];
        boolean aOk = a.available();
        boolean bOk = b.available();
        if (!aOk || !bOk) {
            return aOk ? a : bOk ? b : fallback.choose(executors, firstCall);
        }
        int aInFlight = a.inFlight();
        int bInFlight = b.inFlight();
        if (aInFlight != bInFlight) {
            return aInFlight < bInFlight ? a : b;
        }
        return b.nanosPerCall() < a.nanosPerCall() ? b : a;
    }
}
