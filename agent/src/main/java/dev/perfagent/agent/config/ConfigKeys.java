package dev.perfagent.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every config key, generated from the section parsers' schemas: the documentation test checks
 * {@code docs/configuration.md} against it, so a key cannot be added without being documented.
 */
public final class ConfigKeys {

    /** Prefix of override system properties: {@code -Dperfagent.export.http.port=0}. */
    public static final String PROPERTY_PREFIX = "perfagent.";
    /** Prefix of override environment variables: {@code PERFAGENT_EXPORT_HTTP_PORT=0}. */
    public static final String ENVIRONMENT_PREFIX = "PERFAGENT_";

    private ConfigKeys() {
    }

    /**
     * Every key path, sections included, in schema order; list items are written {@code []}:
     * {@code service}, {@code export.http.port}, {@code rules[].time.slo-p99}.
     */
    public static List<String> all() {
        List<String> paths = new ArrayList<>();
        AgentConfigParser.SCHEMA.collectPaths("", paths);
        return List.copyOf(paths);
    }

    /**
     * The key paths system properties and environment variables can override; rule keys are
     * addressed by the rule's name: {@code rules.<name>.time.slo-p99}.
     */
    public static List<String> overridable() {
        List<String> paths = new ArrayList<>();
        AgentConfigParser.SCHEMA.collectOverridablePaths("", paths);
        return List.copyOf(paths);
    }

    /** The system property that overrides a key path: {@code perfagent.export.http.port}. */
    public static String systemProperty(String path) {
        return PROPERTY_PREFIX + path;
    }

    /**
     * The environment variable that overrides a key path: upper case, {@code '.'} and {@code '-'}
     * as {@code '_'}: {@code PERFAGENT_EXPORT_HTTP_PORT}, {@code PERFAGENT_RULES_MY_RULE_TIME_SLO_P99}.
     */
    public static String environmentVariable(String path) {
        return ENVIRONMENT_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
