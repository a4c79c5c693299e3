package dev.perfagent.agent.layer.rate;

import java.util.Arrays;

/** Counts admissions per window, for checking a limiter against its bound. */
final class AdmissionWindows {
    private AdmissionWindows() {
    }

    /**
     * The most admissions in any half-open window {@code [a, a + length)}. The busiest window can always be
     * slid right until it starts at an admission, so only those starts are tried. The times must not wrap
     * around (they are sorted by value).
     */
    static int busiest(long[] times, long length) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        int most = 0;
        int end = 0;
        for (int start = 0; start < sorted.length; start++) {
            while (end < sorted.length && sorted[end] - sorted[start] < length) {
                end++;
            }
            most = Math.max(most, end - start);
        }
        return most;
    }
}
