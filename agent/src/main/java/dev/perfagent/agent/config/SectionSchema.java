package dev.perfagent.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys one config section accepts. Each section parser declares its schema beside its code;
 * readers check the file's keys against it, and {@link ConfigKeys} walks the schemas to list every
 * key, so the documentation check can never drift from the parser.
 */
final class SectionSchema {

    /** What a key holds. */
    enum Kind {
        /** A scalar; may be overridden by a system property or environment variable. */
        VALUE,
        /** A scalar that only the file may set (e.g. a rule's name, which overrides are keyed by). */
        FILE_ONLY_VALUE,
        /** A scalar or a list of scalars; only the file may set it. */
        LIST,
        /** A nested section. */
        SECTION,
        /** A list of sections (e.g. {@code rules}). */
        SECTION_LIST,
        /** Names of the user's choosing mapped to text (e.g. HTTP headers); only the file may set it. */
        MAP
    }

    /** One key: its name, kind, and for sections the schema of what it holds. */
    record Key(String name, Kind kind, SectionSchema child) {
    }

    private final Map<String, Key> keys;
    /** Keys later versions will accept, with what they are ("layer", "section"), for a clearer message. */
    private final Map<String, String> futureKeys;

    private SectionSchema(Map<String, Key> keys, Map<String, String> futureKeys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.futureKeys = Collections.unmodifiableMap(new LinkedHashMap<>(futureKeys));
    }

    static Builder builder() {
        return new Builder();
    }

    /** The accepted keys, in declaration order. */
    List<String> names() {
        return new ArrayList<>(keys.keySet());
    }

    Optional<Key> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** What a future key is ("layer", "section"), if {@code name} is one. */
    Optional<String> futureKind(String name) {
        return Optional.ofNullable(futureKeys.get(name));
    }

    /** Appends every key path under {@code prefix}, sections before their contents. */
    void collectPaths(String prefix, List<String> out) {
        for (Key key : keys.values()) {
            String path = prefix + key.name();
            out.add(path);
            if (key.kind() == Kind.SECTION) {
                key.child().collectPaths(path + ".", out);
            } else if (key.kind() == Kind.SECTION_LIST) {
                key.child().collectPaths(path + "[].", out);
            }
        }
    }

    /**
     * Appends the override paths under {@code prefix}; items of a section list are addressed by
     * name: {@code rules.<name>.time.slo-p99}.
     */
    void collectOverridablePaths(String prefix, List<String> out) {
        for (Key key : keys.values()) {
            String path = prefix + key.name();
            switch (key.kind()) {
                case VALUE:
                    out.add(path);
                    break;
                case SECTION:
                    key.child().collectOverridablePaths(path + ".", out);
                    break;
                case SECTION_LIST:
                    key.child().collectOverridablePaths(path + ".<name>.", out);
                    break;
                default:
                    break;
            }
        }
    }

    /** Declares a schema, key by key. */
    static final class Builder {
        private final Map<String, Key> keys = new LinkedHashMap<>();
        private final Map<String, String> futureKeys = new LinkedHashMap<>();

        Builder value(String name) {
            return add(new Key(name, Kind.VALUE, null));
        }

        Builder fileOnlyValue(String name) {
            return add(new Key(name, Kind.FILE_ONLY_VALUE, null));
        }

        Builder list(String name) {
            return add(new Key(name, Kind.LIST, null));
        }

        Builder section(String name, SectionSchema child) {
            return add(new Key(name, Kind.SECTION, child));
        }

        Builder map(String name) {
            return add(new Key(name, Kind.MAP, null));
        }

        Builder sectionList(String name, SectionSchema child) {
            return add(new Key(name, Kind.SECTION_LIST, child));
        }

        /** Keys a later version accepts: naming them gets "not available" rather than "unknown key". */
        Builder future(String kind, String... names) {
            for (String name : names) {
                futureKeys.put(name, kind);
            }
            return this;
        }

        SectionSchema build() {
            return new SectionSchema(keys, futureKeys);
        }

        private Builder add(Key key) {
            if (keys.put(key.name(), key) != null) {
                throw new IllegalStateException("key declared twice: " + key.name());
            }
            return this;
        }
    }
}
