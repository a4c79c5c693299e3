package dev.perfagent.agent.layer.cache;

import dev.perfagent.agent.layer.LayerTarget;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Finds the woven method of a {@link LayerTarget} by reflection, in the woven class's own loader, and makes it
 * callable from the agent: how a cache refreshes an entry in the background, since only a call of the woven
 * method itself runs its body.
 */
final class WovenMethodLookup {
    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
            "int", int.class, "long", long.class, "float", float.class, "double", double.class);

    private WovenMethodLookup() {
    }

    /**
     * The method, made accessible.
     *
     * @throws ReflectiveOperationException when its class, a parameter type or the method cannot be found, or
     *     it is a constructor
     * @throws IllegalAccessException when a module boundary keeps the agent from calling it
     */
    static Method find(LayerTarget target) throws ReflectiveOperationException {
        ClassLoader loader = target.classLoader();
        Class<?> owner = Class.forName(target.declaringClass(), false, loader);
        String signature = target.method();
        int hash = signature.indexOf('#');
        int paren = signature.indexOf('(', hash);
        String name = signature.substring(hash + 1, paren < 0 ? signature.length() : paren);
        if (name.equals("<init>")) {
            throw new NoSuchMethodException("a constructor cannot be called again to refresh an entry");
        }
        List<String> parameterTypes = target.parameterTypes();
        Class<?>[] parameters = new Class<?>[parameterTypes.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = type(parameterTypes.get(i), loader);
        }
        Method method = owner.getDeclaredMethod(name, parameters);
        if (!method.trySetAccessible()) {
            throw new IllegalAccessException(owner.getModule() + " does not open " + owner.getPackageName()
                    + " to perf-agent");
        }
        return method;
    }

    /** A class from its source name: {@code int}, {@code java.lang.String[]}, {@code a.Outer$Inner}. */
    static Class<?> type(String sourceName, ClassLoader loader) throws ClassNotFoundException {
        int dimensions = 0;
        String base = sourceName;
        while (base.endsWith("[]")) {
            base = base.substring(0, base.length() - 2);
            dimensions++;
        }
        Class<?> type = PRIMITIVES.get(base);
        if (type == null) {
            type = Class.forName(base, false, loader);
        }
        for (int i = 0; i < dimensions; i++) {
            type = type.arrayType();
        }
        return type;
    }
}
