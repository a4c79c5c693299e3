package dev.perfagent.sample.bottlenecks;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws indexes {@code 0..n-1} with probability proportional to {@code 1/(i+1)} (Zipf, s = 1): a few values
 * take most draws, as popular keys do in real traffic.
 */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int n) {
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int next() {
        int at = Arrays.binarySearch(cumulative, ThreadLocalRandom.current().nextDouble());
        int index = at >= 0 ? at : -at - 1;
        return Math.min(index, cumulative.length - 1);
    }
}
