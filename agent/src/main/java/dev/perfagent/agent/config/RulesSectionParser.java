package dev.perfagent.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads the {@code rules} list and checks that rule names are unique. */
final class RulesSectionParser {

    static final String KEY = "rules";

    private RulesSectionParser() {
    }

    static List<RuleConfig> parse(MappingReader root) {
        ParseContext context = root.context();
        Optional<Node> node = root.node(KEY).filter(n -> !MappingReader.isNull(n));
        if (node.isEmpty()) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode)) {
            context.report(context.at(node.get()), KEY,
                    "expected a list of rules (each item starting with '- name: ...'), got "
                            + MappingReader.describe(node.get()));
            return List.of();
        }
        List<Node> items = ((SequenceNode) node.get()).getValue();
        Map<String, Integer> firstIndexByName = new LinkedHashMap<>();
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<RuleConfig> parsed = RuleParser.parse(context, items.get(i), i);
            if (parsed.isEmpty()) {
                continue;
            }
            RuleConfig rule = parsed.get();
            Integer first = firstIndexByName.putIfAbsent(rule.name(), i);
            if (first != null) {
                RuleConfig original = rules.stream().filter(r -> r.name().equals(rule.name())).findFirst().orElseThrow();
                context.report(nameLocation(context, items.get(i)), "rules[" + i + "].name",
                        "duplicate rule name '" + rule.name() + "' (also used by rules[" + first + "] at "
                                + original.location() + ")");
                continue;
            }
            rules.add(rule);
        }
        return rules;
    }

    /** Where the rule's name value is written (the rule is a mapping with a name: it parsed). */
    private static ConfigLocation nameLocation(ParseContext context, Node item) {
        for (NodeTuple tuple : ((MappingNode) item).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode && ((ScalarNode) tuple.getKeyNode()).getValue().equals("name")) {
                return context.at(tuple.getValueNode());
            }
        }
        return context.at(item);
    }
}
