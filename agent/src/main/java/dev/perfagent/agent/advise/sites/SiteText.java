package dev.perfagent.agent.advise.sites;

import java.util.Locale;

/** Durations and rule names as the site recommendations print them (numbers: {@code FigureText}). */
final class SiteText {
    private SiteText() {
    }

    /** A duration for the config, in whole milliseconds or seconds: {@code 250ms}, {@code 30s}. */
    static String duration(long nanos) {
        long millis = Math.max(1, Math.round(nanos / 1e6));
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
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

    /** A change to one setting of the batch layer of an existing rule: {@code key} is YAML flow inside {@code batch}. */
    static String batchSetting(String rule, String setting) {
        return "rules:   # in rule '" + rule + "', keep its other settings\n  - name: " + rule + "\n    batch: { "
                + setting + " }\n";
    }
}
