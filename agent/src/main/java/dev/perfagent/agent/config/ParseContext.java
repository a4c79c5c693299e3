package dev.perfagent.agent.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * State shared by the section parsers while one config is read: where it comes from, the
 * overrides, and the problems found so far (all of them: parsing never stops at the first).
 */
final class ParseContext {

    private final String source;
    private final Overrides overrides;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ParseContext(String source, Overrides overrides) {
        this.source = source;
        this.overrides = overrides;
    }

    String source() {
        return source;
    }

    Overrides overrides() {
        return overrides;
    }

    void report(ConfigLocation location, String key, String message) {
        problems.add(new ConfigProblem(location, key, message));
    }

    int problemCount() {
        return problems.size();
    }

    /** Problems in the file in line order, then the others (overrides) in the order found. */
    List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator
                .comparing((ConfigProblem p) -> !p.location().hasPosition())
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return sorted;
    }

    /** The start of the file, for problems that belong to no node. */
    ConfigLocation fileStart() {
        return new ConfigLocation(source, 1, 1);
    }

    ConfigLocation at(Optional<Mark> mark) {
        return mark.map(m -> new ConfigLocation(source, m.getLine() + 1, m.getColumn() + 1)).orElseGet(this::fileStart);
    }

    ConfigLocation at(Node node) {
        return at(node.getStartMark());
    }

    /**
     * The position {@code offset} characters into a scalar's value. Only exact when the value is
     * written as-is on one line (plain, or quoted without escapes); otherwise the scalar's start.
     */
    ConfigLocation at(Node node, int offset) {
        ConfigLocation start = at(node);
        if (offset <= 0 || !(node instanceof ScalarNode) || node.getStartMark().isEmpty() || node.getEndMark().isEmpty()) {
            return start;
        }
        ScalarNode scalar = (ScalarNode) node;
        Mark from = node.getStartMark().get();
        Mark to = node.getEndMark().get();
        int span = to.getIndex() - from.getIndex();
        int length = scalar.getValue().codePointCount(0, scalar.getValue().length());
        if (from.getLine() != to.getLine()) {
            return start;
        }
        ScalarStyle style = scalar.getScalarStyle();
        if (style == ScalarStyle.PLAIN && span == length) {
            return new ConfigLocation(source, start.line(), start.column() + offset);
        }
        if ((style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) && span == length + 2) {
            return new ConfigLocation(source, start.line(), start.column() + 1 + offset);
        }
        return start;
    }
}
