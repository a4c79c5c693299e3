package dev.perfagent.agent.config;

import dev.perfagent.agent.config.SectionSchema.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one YAML mapping against its {@link SectionSchema}: reports keys the schema does not know
 * (suggesting the nearest), duplicates, and values of the wrong shape, and resolves each value
 * with its override. A section missing from the file reads as empty, so defaults and overrides
 * still apply to it.
 */
final class MappingReader {

    private final ParseContext context;
    private final SectionSchema schema;
    /** Key path of this mapping for messages: "" at the top, {@code export.http}, {@code rules[0]}. */
    private final String path;
    /** Key path overrides address this mapping by ({@code rules.<name>}), or null when none apply. */
    private final String overridePath;
    /** The mapping, or null when the section is absent. */
    private final Node node;
    /** Entries with keys the schema accepts. */
    private final Map<String, NodeTuple> entries;
    /** Every key in the mapping, accepted or not. */
    private final Set<String> keysInFile;

    private MappingReader(ParseContext context, SectionSchema schema, String path, String overridePath, Node node,
                          Map<String, NodeTuple> entries, Set<String> keysInFile) {
        this.context = context;
        this.schema = schema;
        this.path = path;
        this.overridePath = overridePath;
        this.node = node;
        this.entries = entries;
        this.keysInFile = keysInFile;
    }

    /**
     * Reads {@code node}, which may be null (absent) or an empty scalar ({@code key:} with no
     * value), both read as an empty mapping.
     */
    static MappingReader read(ParseContext context, SectionSchema schema, String path, String overridePath,
                              Node node) {
        MappingReader reader = new MappingReader(context, schema, path, overridePath, node,
                new LinkedHashMap<>(), new LinkedHashSet<>());
        reader.index();
        return reader;
    }

    private void index() {
        if (node == null || isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode)) {
            context.report(context.at(node), displayKey(path),
                    "expected a mapping (key: value pairs), got " + describe(node));
            return;
        }
        Map<String, Node> firstKeyNodes = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode)) {
                context.report(context.at(keyNode), displayKey(path), "expected a key name, got " + describe(keyNode));
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            Node first = firstKeyNodes.putIfAbsent(key, keyNode);
            if (first != null) {
                context.report(context.at(keyNode), child(key),
                        "duplicate key (first given at line " + context.at(first).line() + ")");
                continue;
            }
            keysInFile.add(key);
            if (schema.key(key).isPresent()) {
                entries.put(key, tuple);
                continue;
            }
            Optional<String> future = schema.futureKind(key);
            if (future.isPresent()) {
                context.report(context.at(keyNode), child(key),
                        future.get() + " '" + key + "' is not available in this version of perf-agent");
                continue;
            }
            String allowed = String.join(", ", schema.names());
            context.report(context.at(keyNode), child(key), EditDistance.nearest(key, schema.names())
                    .map(s -> "unknown key; did you mean '" + s + "'? (allowed keys: " + allowed + ")")
                    .orElse("unknown key (allowed keys: " + allowed + ")"));
        }
    }

    /** The same mapping, with overrides addressed by {@code overridePath} (known only once a rule's name is read). */
    MappingReader withOverridePath(String overridePath) {
        return new MappingReader(context, schema, path, overridePath, node, entries, keysInFile);
    }

    ParseContext context() {
        return context;
    }

    /** Key path of this mapping, for messages. */
    String path() {
        return displayKey(path);
    }

    /** Key path of one of this mapping's keys, for messages. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Override path of one of this mapping's keys, if overrides apply here. */
    Optional<String> overridePath(String key) {
        if (overridePath == null) {
            return Optional.empty();
        }
        return Optional.of(overridePath.isEmpty() ? key : overridePath + "." + key);
    }

    /** Where the mapping starts; the file start when it is absent. */
    ConfigLocation location() {
        return node == null ? context.fileStart() : context.at(node);
    }

    /** Whether the file gives this key, accepted by the schema or not. */
    boolean inFile(String key) {
        return keysInFile.contains(key);
    }

    /** The value node of an accepted key. */
    Optional<Node> node(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** Where an accepted key's name is written. */
    Optional<ConfigLocation> keyLocation(String key) {
        return Optional.ofNullable(entries.get(key)).map(t -> context.at(t.getKeyNode()));
    }

    /**
     * A scalar value: the override if there is one (a system property beats an environment
     * variable), else the file's value; empty when neither gives one or it is invalid (reported).
     * The file's value is checked even when overridden: the file must be valid on its own.
     */
    <T> Optional<T> value(String key, ValueType<T> type) {
        Kind kind = kind(key);
        Optional<T> fromFile = Optional.ofNullable(entries.get(key))
                .flatMap(t -> scalar(t.getValueNode(), child(key), type, context.at(t.getKeyNode())));
        if (kind != Kind.VALUE) {
            return fromFile;
        }
        Optional<Overrides.Value> override = overridePath(key).flatMap(p -> context.overrides().find(p));
        if (override.isEmpty()) {
            return fromFile;
        }
        try {
            return Optional.of(type.parse(override.get().text()));
        } catch (InvalidValueException e) {
            context.report(override.get().origin(), child(key), e.getMessage());
            return Optional.empty();
        }
    }

    /** A list of scalars, written as a YAML list or as one scalar; only the file may set it. */
    <T> Optional<List<T>> list(String key, ValueType<T> type) {
        overridePath(key).ifPresent(p -> context.overrides().noteFileOnly(p));
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node n = value.get();
        if (n instanceof ScalarNode) {
            return Optional.of(scalar(n, child(key), type, keyLocation(key).orElseThrow()).map(List::of)
                    .orElse(List.of()));
        }
        if (!(n instanceof SequenceNode)) {
            context.report(context.at(n), child(key), "expected " + type.description() + " or a list of them, got "
                    + describe(n));
            return Optional.of(List.of());
        }
        List<T> items = new ArrayList<>();
        List<Node> nodes = ((SequenceNode) n).getValue();
        for (int i = 0; i < nodes.size(); i++) {
            scalar(nodes.get(i), child(key) + "[" + i + "]", type, context.at(nodes.get(i))).ifPresent(items::add);
        }
        return Optional.of(items);
    }

    /**
     * A mapping of names the user chooses to text ({@code headers: { authorization: "Bearer x" }}); only the
     * file may set it. Each name must be non-empty text and each value a scalar (numbers and booleans are
     * taken as written); problems are reported at the entry.
     */
    Optional<Map<String, String>> map(String key) {
        overridePath(key).ifPresent(p -> context.overrides().noteFileOnly(p));
        Optional<Node> value = node(key);
        if (value.isEmpty() || isNull(value.get())) {
            return value.map(n -> Map.of());
        }
        if (!(value.get() instanceof MappingNode)) {
            context.report(context.at(value.get()), child(key),
                    "expected a mapping of names to values, got " + describe(value.get()));
            return Optional.of(Map.of());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) value.get()).getValue()) {
            Node name = tuple.getKeyNode();
            if (!(name instanceof ScalarNode) || isNull(name) || ((ScalarNode) name).getValue().isBlank()) {
                context.report(context.at(name), child(key), "expected a name, got " + describe(name));
                continue;
            }
            String entryKey = child(key) + "." + ((ScalarNode) name).getValue();
            Node text = tuple.getValueNode();
            if (!(text instanceof ScalarNode) || isNull(text)) {
                context.report(isNull(text) ? context.at(name) : context.at(text), entryKey,
                        "expected a value, got " + describe(text));
                continue;
            }
            if (entries.putIfAbsent(((ScalarNode) name).getValue(), ((ScalarNode) text).getValue()) != null) {
                context.report(context.at(name), entryKey, "duplicate key");
            }
        }
        return Optional.of(Map.copyOf(entries));
    }

    /**
     * The section of a layer written as a mapping ({@code cache: { max-size: 100 }}), when the rule has it in
     * the file or an override names one of its keys (an override gives the rule the layer); empty when it
     * has neither, or when the file gives something other than a mapping or nothing (reported, with
     * {@code example} as what was expected).
     */
    Optional<MappingReader> layerSection(String key, String example) {
        Optional<Node> node = node(key);
        boolean overridden = overridePath(key).map(p -> context().overrides().anyUnder(p + ".")).orElse(false);
        if (node.isEmpty() && !overridden) {
            return Optional.empty();
        }
        if (node.isPresent() && !(node.get() instanceof MappingNode) && !isNull(node.get())) {
            context().report(context().at(node.get()), child(key),
                    "expected a mapping such as " + example + ", got " + describe(node.get()));
            return Optional.empty();
        }
        return Optional.of(section(key));
    }

    /**
     * Like {@link #layerSection}, for a layer that can also be switched on with its defaults by {@code true}
     * ({@code time: true}); {@code false} and other scalars are reported, with {@code example}.
     */
    Optional<MappingReader> switchableSection(String key, String example) {
        Optional<Node> node = node(key);
        if (node.isPresent() && node.get() instanceof ScalarNode && !isNull(node.get())) {
            String text = ((ScalarNode) node.get()).getValue();
            if (!text.equals("true")) {
                context().report(context().at(node.get()), child(key),
                        "expected a mapping such as " + example + ", {} or true, got " + describe(node.get())
                                + (text.equals("false") ? "; to turn the layer off, remove the key" : ""));
                return Optional.empty();
            }
            return Optional.of(emptySection(key));
        }
        return layerSection(key, example);
    }

    /** A nested section; reads as empty when absent. */
    MappingReader section(String key) {
        return read(context, childSchema(key), child(key), overridePath(key).orElse(null), node(key).orElse(null));
    }

    /** A nested section read as empty whatever the file says (for shorthand like {@code time: true}). */
    MappingReader emptySection(String key) {
        return read(context, childSchema(key), child(key), overridePath(key).orElse(null), null);
    }

    /** @param nullLocation where to point when no value is written: at the key, not at the empty space after it */
    private <T> Optional<T> scalar(Node n, String key, ValueType<T> type, ConfigLocation nullLocation) {
        if (!(n instanceof ScalarNode)) {
            context.report(context.at(n), key, "expected " + type.description() + ", got " + describe(n));
            return Optional.empty();
        }
        if (isNull(n)) {
            context.report(nullLocation, key, "missing value (expected " + type.description() + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(type.parse(((ScalarNode) n).getValue()));
        } catch (InvalidValueException e) {
            context.report(context.at(n, e.offset()), key, e.getMessage());
            return Optional.empty();
        }
    }

    private Kind kind(String key) {
        return schema.key(key).orElseThrow(() -> new IllegalArgumentException("not in the schema: " + key)).kind();
    }

    private SectionSchema childSchema(String key) {
        SectionSchema child = schema.key(key).map(SectionSchema.Key::child).orElse(null);
        if (child == null) {
            throw new IllegalArgumentException("not a section in the schema: " + key);
        }
        return child;
    }

    /** A plain {@code ~}, {@code null} or nothing: YAML's null, i.e. no value was written. */
    static boolean isNull(Node n) {
        return n instanceof ScalarNode && ((ScalarNode) n).isPlain() && Tag.NULL.equals(n.getTag());
    }

    /** How a node looks, for "got ..." in messages. */
    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(n)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) n).getValue() + "'";
    }

    private static String displayKey(String path) {
        return path.isEmpty() ? "(root)" : path;
    }
}
