package dev.perfagent.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config could not be loaded. Carries every problem found, not just the first, so one run of
 * {@code config validate} shows everything to fix.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    /** @param problems at least one problem */
    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order, overrides last. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
