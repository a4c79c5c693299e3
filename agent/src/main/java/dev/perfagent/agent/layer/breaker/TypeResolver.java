package dev.perfagent.agent.layer.breaker;

import java.util.Map;

/**
 * Turns the source type names a {@code LayerTarget} carries ({@code int}, {@code java.lang.String[]},
 * {@code com.example.Api$Reply}) into classes of a given loader, without initialising them.
 */
final class TypeResolver {
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "short", short.class, "char", char.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class, "void", void.class);
    private static final Map<Class<?>, String> DESCRIPTORS = Map.of(boolean.class, "Z", byte.class, "B",
            short.class, "S", char.class, "C", int.class, "I", long.class, "J", float.class, "F", double.class, "D");
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class,
            Byte.class, short.class, Short.class, char.class, Character.class, int.class, Integer.class,
            long.class, Long.class, float.class, Float.class, double.class, Double.class, void.class, Void.class);

    private TypeResolver() {
    }

    /** The primitive type (or {@code void}) of that name, or null. */
    static Class<?> primitive(String sourceName) {
        return PRIMITIVES.get(sourceName);
    }

    /** The box of a primitive type; other types as they are. */
    static Class<?> boxed(Class<?> type) {
        return BOXES.getOrDefault(type, type);
    }

    /**
     * The class a source name denotes in {@code loader} (null: the boot loader).
     *
     * @throws ClassNotFoundException when the loader cannot find it
     */
    static Class<?> load(String sourceName, ClassLoader loader) throws ClassNotFoundException {
        Class<?> primitive = primitive(sourceName);
        if (primitive != null) {
            return primitive;
        }
        int dimensions = 0;
        String element = sourceName;
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2);
            dimensions++;
        }
        if (dimensions == 0) {
            return Class.forName(sourceName, false, loader);
        }
        Class<?> elementPrimitive = primitive(element);
        String descriptor = "[".repeat(dimensions)
                + (elementPrimitive != null ? DESCRIPTORS.get(elementPrimitive) : "L" + element + ";");
        return Class.forName(descriptor, false, loader);
    }
}
