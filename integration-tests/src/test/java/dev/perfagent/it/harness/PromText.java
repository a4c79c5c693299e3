package dev.perfagent.it.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The samples of a Prometheus text exposition ({@code /metrics}): {@code name{label="value",...} value}.
 * Comment lines are skipped; label values may hold escaped quotes, commas and braces.
 */
public final class PromText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    private final String text;
    private final List<Sample> samples;

    private PromText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    public static PromText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            samples.add(parseLine(line));
        }
        return new PromText(text, Collections.unmodifiableList(samples));
    }

    /** Scrapes {@code url} and parses it. */
    public static PromText scrape(String url) {
        return parse(Http.getOk(url));
    }

    private static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        return new Sample(name, Collections.unmodifiableMap(labels), parseValue(rest[0]));
    }

    private static double parseValue(String value) {
        switch (value) {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(value);
        }
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples named {@code name} whose labels include every entry of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .collect(Collectors.toList());
    }

    /** The single sample named {@code name} with these labels, if any; fails if more than one matches. */
    public Optional<Sample> one(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + labels + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** The value of the single sample named {@code name} with these labels; empty if there is none. */
    public OptionalDouble value(String name, Map<String, String> labels) {
        return one(name, labels).map(s -> OptionalDouble.of(s.value())).orElse(OptionalDouble.empty());
    }

    /** The value of the single sample named {@code name} with these labels; fails if there is none. */
    public double require(String name, Map<String, String> labels) {
        return value(name, labels).orElseThrow(
                () -> new AssertionError("no sample " + name + labels + " in:\n" + text));
    }

    /** The value of {@code perfagent_method_calls_total} for {@code method}, 0 if the site is not there. */
    public double calls(String method) {
        return value("perfagent_method_calls_total", Map.of("method", method)).orElse(0);
    }

    @Override
    public String toString() {
        return text;
    }
}
