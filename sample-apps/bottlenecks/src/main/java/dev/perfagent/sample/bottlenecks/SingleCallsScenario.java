package dev.perfagent.sample.bottlenecks;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code single-calls}: each request scores one item with {@link Scorer#score(float[])}, never with
 * {@link Scorer#scoreBatch(float[][])}, though many threads (16 by default) are scoring at once and could
 * share one batch. Features come from a fixed per-thread set, so a request allocates only the result.
 */
final class SingleCallsScenario implements Scenario {
    private static final int ITEMS_PER_THREAD = 64;

    private final Scorer scorer = new Scorer(42);
    private final ThreadLocal<Items> items = ThreadLocal.withInitial(Items::new);
    // Written with every result so the JIT must compute it; racy on purpose.
    private float lastScore;

    @Override
    public void request() {
        lastScore = scorer.score(items.get().next())[0];
    }

    /** One thread's fixed feature vectors, handed out round-robin. */
    private static final class Items {
        private final float[][] features = new float[ITEMS_PER_THREAD][Scorer.INPUTS];
        private int next;

        Items() {
            SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
            for (float[] item : features) {
                for (int i = 0; i < item.length; i++) {
                    item[i] = (float) random.nextDouble();
                }
            }
        }

        float[] next() {
            next = (next + 1) % ITEMS_PER_THREAD;
            return features[next];
        }
    }
}
