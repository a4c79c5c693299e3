package dev.perfagent.agent.advise.sites;

import java.util.Locale;

/** Numbers and names as the site recommendations print them: short, locale-independent. */
final class SiteText {
    private SiteText() {
    }

    /** A fraction as a percentage, {@code 0.1234 -> "12.3%"}. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Nanoseconds as milliseconds, {@code "12.5 ms"}. */
    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** A duration for the config, in whole milliseconds or seconds: {@code 250ms}, {@code 30s}. */
    static String duration(long nanos) {
        long millis = Math.max(1, Math.round(nanos / 1e6));
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Rounds to one decimal, for evidence values. */
    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Rounds to three decimals. */
    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** A rule name for a proposed rule: {@code prefix-class-method}, lower case. */
    static String ruleName(String prefix, String method) {
        int hash = method.indexOf('#');
        String owner = hash < 0 ? method : method.substring(0, hash);
        String simple = owner.substring(owner.lastIndexOf('.') + 1);
        int paren = method.indexOf('(');
        String name = hash < 0 ? "" : method.substring(hash + 1, paren < 0 ? method.length() : paren);
        return (prefix + "-" + simple + (name.isEmpty() ? "" : "-" + name)).toLowerCase(Locale.ROOT)
                .replace('$', '-');
    }

    /**
     * A rule matching exactly {@code method}, with one layer's settings, to go before the rule that weaves the
     * method now (the first rule that matches a method owns it).
     */
    static String rule(String name, String method, String layer, String currentRule) {
        return "rules:   # before rule '" + currentRule + "', which owns the method now; copy its other settings\n"
                + "  - name: " + name + "\n    match: " + method + "\n    " + layer + "\n";
    }
}
