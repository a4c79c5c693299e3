package dev.perfagent.agent.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads the agent config from a YAML file, overrides and defaults. Precedence: system property
 * &gt; environment variable &gt; file &gt; default.
 *
 * <p>Every problem is collected before failing, each as {@code FILE:LINE:COLUMN: KEY: message}
 * (overrides name the property or variable instead of a position). The YAML is composed into a
 * node tree rather than bound to objects, so every value keeps its position.
 *
 * <p>Overrides: {@code -Dperfagent.<path>} (e.g. {@code perfagent.export.http.port=0}) and
 * {@code PERFAGENT_<PATH>} (upper case, {@code '.'} and {@code '-'} as {@code '_'}); rule keys by
 * rule name: {@code perfagent.rules.<name>.time.slo-p99}. A {@code perfagent.*} system property
 * that names no overridable key is a problem, except {@link #RESERVED_PROPERTIES} and
 * {@link #INTERNAL_PROPERTY_PREFIX}; unknown {@code PERFAGENT_*} variables are ignored.
 */
public final class ConfigLoader {

    /** System property naming the config file. */
    public static final String CONFIG_PROPERTY = "perfagent.config";
    /** Environment variable naming the config file. */
    public static final String CONFIG_ENVIRONMENT_VARIABLE = "PERFAGENT_CONFIG";
    /** {@code perfagent.*} system properties that are not config keys: never reported as unknown. */
    public static final Set<String> RESERVED_PROPERTIES = Set.of(CONFIG_PROPERTY, "perfagent.tmpdir");
    /** Prefix of system properties the agent keeps for its own use, never read as config keys. */
    public static final String INTERNAL_PROPERTY_PREFIX = "perfagent.internal.";

    private ConfigLoader() {
    }

    /**
     * Loads a config file with overrides.
     *
     * @throws ConfigException listing every problem, including an unreadable file
     *                         ({@code FILE:1:1: (file): cannot read: <reason>})
     */
    public static AgentConfig load(Path file, Map<String, String> systemProperties, Map<String, String> environment)
            throws ConfigException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(
                    new ConfigProblem(new ConfigLocation(source, 1, 1), "(file)", "cannot read: " + reason(e))));
        }
        return parse(text, source, systemProperties, environment);
    }

    /**
     * The defaults with overrides applied, for when no file is given.
     *
     * @throws ConfigException when an override is invalid or names no key
     */
    public static AgentConfig loadDefaults(Map<String, String> systemProperties, Map<String, String> environment)
            throws ConfigException {
        ParseContext context = new ParseContext(AgentConfig.DEFAULTS_SOURCE, new Overrides(systemProperties, environment));
        return finish(context, AgentConfigParser.parse(context, null, AgentConfig.DEFAULTS_SOURCE));
    }

    /**
     * Parses config text with overrides.
     *
     * @param sourceName how to name the text in messages and {@link AgentConfig#source()}
     * @throws ConfigException listing every problem
     */
    public static AgentConfig parse(String yamlText, String sourceName, Map<String, String> systemProperties,
                                    Map<String, String> environment) throws ConfigException {
        ParseContext context = new ParseContext(sourceName, new Overrides(systemProperties, environment));
        Node document;
        try {
            document = compose(yamlText, sourceName);
        } catch (MarkedYamlEngineException e) {
            context.report(context.at(e.getProblemMark().or(e::getContextMark)), "(yaml)", yamlMessage(e));
            throw new ConfigException(context.problems());
        } catch (YamlEngineException e) {
            context.report(context.fileStart(), "(yaml)", e.getMessage());
            throw new ConfigException(context.problems());
        }
        return finish(context, AgentConfigParser.parse(context, document, sourceName));
    }

    /**
     * The problems in a config file on its own (no overrides), for {@code config validate}; empty
     * when it is valid.
     */
    public static List<ConfigProblem> validate(Path file) {
        try {
            load(file, Map.of(), Map.of());
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /** The config file named by {@value #CONFIG_PROPERTY} or else {@value #CONFIG_ENVIRONMENT_VARIABLE}. */
    public static Optional<Path> configFile(Map<String, String> systemProperties, Map<String, String> environment) {
        String named = systemProperties.get(CONFIG_PROPERTY);
        if (named == null || named.isBlank()) {
            named = environment.get(CONFIG_ENVIRONMENT_VARIABLE);
        }
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(Path.of(named.trim()));
    }

    /** Whether a {@code perfagent.*} system property is kept out of overrides. */
    static boolean isReservedProperty(String name) {
        return RESERVED_PROPERTIES.contains(name) || name.startsWith(INTERNAL_PROPERTY_PREFIX);
    }

    private static Node compose(String yamlText, String sourceName) {
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;
        // The core schema, not the default JSON one: '~' and 'Null' are null, as YAML users expect.
        LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setSchema(new CoreSchema()).build();
        return new Compose(settings).composeString(text).orElse(null);
    }

    private static AgentConfig finish(ParseContext context, AgentConfig config) throws ConfigException {
        if (context.problemCount() > 0) {
            throw new ConfigException(context.problems());
        }
        return config;
    }

    private static String yamlMessage(MarkedYamlEngineException e) {
        // SnakeYAML phrases the two as one sentence: "while scanning a simple key, could not find ..."
        String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
        String context = e.getContext();
        return context == null || context.isBlank() ? "invalid YAML: " + problem
                : "invalid YAML: " + context + ", " + problem;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
