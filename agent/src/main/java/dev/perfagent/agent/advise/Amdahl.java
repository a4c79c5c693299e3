package dev.perfagent.agent.advise;

/** Amdahl's law: what speeding up one part of the work does to the whole. */
final class Amdahl {
    private Amdahl() {
    }

    /**
     * The overall speed-up when a part {@code p} of the work becomes {@code s} times faster:
     * {@code 1/((1-p)+p/s)}.
     */
    static double speedup(double p, double s) {
        return 1 / ((1 - p) + p / s);
    }

    /** The formula in words, with its inputs. */
    static String formula(String part, double p, double s) {
        return String.format(java.util.Locale.ROOT,
                "Amdahl: speed-up = 1/((1-p)+p/s) with p = %.3f (%s), s = %s -> %.2fx; time saved = p(1-1/s)",
                p, part, FigureText.number(s), speedup(p, s));
    }
}
