package dev.perfagent.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Values given by {@code -Dperfagent.<path>} system properties and {@code PERFAGENT_<PATH>}
 * environment variables; a system property wins over an environment variable.
 *
 * <p>Readers look up every overridable key as they parse, present in the file or not; the paths
 * looked up are the known keys. What is left among the system properties afterwards names no key
 * and is reported. Environment variables are only ever looked up, never listed, so unrelated
 * {@code PERFAGENT_*} variables are ignored.
 */
final class Overrides {

    /** An override's text and where it came from. */
    record Value(String text, ConfigLocation origin) {
    }

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> fileOnly = new LinkedHashSet<>();

    Overrides(Map<String, String> systemProperties, Map<String, String> environment) {
        systemProperties.forEach((name, value) -> {
            if (name.startsWith(ConfigKeys.PROPERTY_PREFIX) && !ConfigLoader.isReservedProperty(name)) {
                properties.put(name.substring(ConfigKeys.PROPERTY_PREFIX.length()), value);
            }
        });
        environment.forEach((name, value) -> {
            if (name.startsWith(ConfigKeys.ENVIRONMENT_PREFIX)) {
                this.environment.put(name, value);
            }
        });
    }

    static Overrides none() {
        return new Overrides(Map.of(), Map.of());
    }

    /** The override for an overridable key path, if any; records the path as known. */
    Optional<Value> find(String path) {
        known.add(path);
        String property = properties.get(path);
        if (property != null) {
            return Optional.of(new Value(property.trim(), ConfigLocation.of("-D" + ConfigKeys.systemProperty(path))));
        }
        String variable = ConfigKeys.environmentVariable(path);
        String value = environment.get(variable);
        if (value != null) {
            return Optional.of(new Value(value.trim(), ConfigLocation.of("$" + variable)));
        }
        return Optional.empty();
    }

    /** Whether any override addresses a key under {@code pathPrefix} (which ends with '.'). */
    boolean anyUnder(String pathPrefix) {
        String variablePrefix = ConfigKeys.environmentVariable(pathPrefix);
        return properties.keySet().stream().anyMatch(p -> p.startsWith(pathPrefix))
                || environment.keySet().stream().anyMatch(v -> v.startsWith(variablePrefix));
    }

    /** Records a key that exists but only the file may set, for a precise message. */
    void noteFileOnly(String path) {
        fileOnly.add(path);
    }

    /** A problem for each system property that named no overridable key. */
    List<ConfigProblem> unusedProperties(Collection<String> ruleNames) {
        List<ConfigProblem> problems = new ArrayList<>();
        properties.forEach((path, value) -> {
            if (!known.contains(path)) {
                problems.add(new ConfigProblem(ConfigLocation.of("-D" + ConfigKeys.systemProperty(path)), path,
                        whyUnknown(path, ruleNames)));
            }
        });
        return problems;
    }

    private String whyUnknown(String path, Collection<String> ruleNames) {
        if (fileOnly.contains(path)) {
            return "cannot be overridden; set it in the config file";
        }
        if (path.startsWith("rules.")) {
            for (String rule : ruleNames) {
                String prefix = "rules." + rule + ".";
                if (path.startsWith(prefix)) {
                    List<String> ruleKeys = known.stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toList());
                    return "unknown key for rule '" + rule + "'" + suggestion(path, ruleKeys)
                            + " (keys that can be overridden: " + String.join(", ", ruleKeys) + ")";
                }
            }
            return "names no rule in the config (rules: "
                    + (ruleNames.isEmpty() ? "none" : String.join(", ", ruleNames))
                    + "); rule keys are overridden as rules.<name>.<key>";
        }
        return "unknown key" + suggestion(path, known)
                + " (keys that can be overridden: " + String.join(", ", ConfigKeys.overridable()) + ")";
    }

    private static String suggestion(String path, Collection<String> candidates) {
        return EditDistance.nearest(path, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }
}
