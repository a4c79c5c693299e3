package dev.perfagent.instrumentation.pattern;

/**
 * Matches one glob, where {@code *} stands for any run of characters, against a region of a
 * string. Allocation-free: it runs for every class the JVM loads.
 */
final class Glob {

    private Glob() {
    }

    /** Whether {@code glob} matches all of {@code text}. */
    static boolean matches(String glob, String text) {
        return matches(glob, text, 0, text.length());
    }

    /**
     * Whether {@code glob} matches exactly {@code text[from, to)}. Greedy with single-star
     * backtracking: linear for the usual one-star globs, and never worse than quadratic.
     */
    static boolean matches(String glob, String text, int from, int to) {
        int g = 0;
        int t = from;
        int starG = -1;
        int starT = -1;
        int glen = glob.length();
        while (t < to) {
            if (g < glen) {
                char c = glob.charAt(g);
                if (c == '*') {
                    starG = g++;
                    starT = t;
                    continue;
                }
                if (c == text.charAt(t)) {
                    g++;
                    t++;
                    continue;
                }
            }
            if (starG < 0) {
                return false;
            }
            g = starG + 1;
            t = ++starT;
        }
        while (g < glen && glob.charAt(g) == '*') {
            g++;
        }
        return g == glen;
    }
}
