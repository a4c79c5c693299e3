package dev.perfagent.sample.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round: {@code threads} threads each make {@code calls} calls with random inputs, some poisoned,
 * and check that every call returned exactly its own input's result or, for a poisoned input, threw
 * {@link IllegalArgumentException}.
 */
final class Round {
    private final Scorer scorer;
    private final Labeler labeler;
    private final int threads;
    private final int calls;
    private final double poisonRate;
    private final long seed;

    final AtomicLong ok = new AtomicLong();
    final AtomicLong poisoned = new AtomicLong();
    final AtomicLong wrong = new AtomicLong();
    final List<String> firstWrong = java.util.Collections.synchronizedList(new ArrayList<>());

    Round(Scorer scorer, Labeler labeler, int threads, int calls, double poisonRate, long seed) {
        this.scorer = scorer;
        this.labeler = labeler;
        this.threads = threads;
        this.calls = calls;
        this.poisonRate = poisonRate;
        this.seed = seed;
    }

    void run() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(seed * 1000 + t);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    if (i % 4 == 3) {
                        label(random.nextInt(1_000_000));
                    } else {
                        score(input(random));
                    }
                }
            }, "caller-" + t);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private float[] input(SplittableRandom random) {
        float[] x = new float[8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        if (random.nextDouble() < poisonRate) {
            x[0] = Float.NaN;
        }
        return x;
    }

    private void score(float[] x) {
        boolean poison = Float.isNaN(x[0]);
        try {
            float[] got = scorer.score(x);
            if (!poison && Arrays.equals(got, Scorer.reference(x))) {
                ok.incrementAndGet();
            } else {
                fail((poison ? "poisoned input returned " : "wrong result ") + Arrays.toString(got));
            }
        } catch (IllegalArgumentException e) {
            if (poison) {
                poisoned.incrementAndGet();
            } else {
                fail("clean input threw " + e);
            }
        } catch (Throwable e) {
            fail("unexpected " + e);
        }
    }

    private void label(int value) {
        try {
            String got = labeler.label(value);
            if (("n" + value).equals(got)) {
                ok.incrementAndGet();
            } else {
                fail("label " + value + " gave " + got);
            }
        } catch (Throwable e) {
            fail("label threw " + e);
        }
    }

    private void fail(String what) {
        wrong.incrementAndGet();
        if (firstWrong.size() < 5) {
            firstWrong.add(what);
        }
    }
}
