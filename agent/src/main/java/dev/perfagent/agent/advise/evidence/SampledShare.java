package dev.perfagent.agent.advise.evidence;

/**
 * A share estimated from samples: {@code hits} of {@code samples}, with the Wilson score interval
 * at 95% confidence. Wilson rather than the normal approximation because it stays inside [0, 1]
 * and stays honest for small counts and shares near 0 or 1.
 *
 * @param hits samples that fell in the item
 * @param samples all samples
 */
public record SampledShare(long hits, long samples) {
    /** z for a two-sided 95% interval. */
    private static final double Z = 1.959964;

    /** Checks {@code 0 <= hits <= samples}. */
    public SampledShare {
        if (hits < 0 || samples < 0 || hits > samples) {
            throw new IllegalArgumentException("hits " + hits + " of " + samples);
        }
    }

    /** The point estimate, hits / samples (0 with no samples). */
    public double fraction() {
        return samples == 0 ? 0 : (double) hits / samples;
    }

    /** Lower end of the 95% Wilson interval. */
    public double low() {
        return samples == 0 ? 0 : Math.max(0, center() - halfWidth());
    }

    /** Upper end of the 95% Wilson interval. */
    public double high() {
        return samples == 0 ? 1 : Math.min(1, center() + halfWidth());
    }

    private double center() {
        double n = samples;
        return (fraction() + Z * Z / (2 * n)) / (1 + Z * Z / n);
    }

    private double halfWidth() {
        double n = samples;
        double p = fraction();
        return Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
    }
}
