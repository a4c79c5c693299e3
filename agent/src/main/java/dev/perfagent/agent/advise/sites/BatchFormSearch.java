package dev.perfagent.agent.advise.sites;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Looks for the batch form of a one-argument method in its own class: a method that takes an array (or a
 * {@code List}) of the single call's parameter type and returns an array (or a {@code List}) of its return type,
 * as {@code float score(float[])} and {@code float[] scoreBatch(float[][])}. Among several, one whose name
 * starts with the single method's name wins, then an array form over a list form, then the first by name.
 */
final class BatchFormSearch {
    private final LoadedClasses classes;

    BatchFormSearch(LoadedClasses classes) {
        this.classes = classes;
    }

    /**
     * The batch form of {@code method}, in the notation of a batch rule's {@code via}:
     * {@code pkg.Class#scoreBatch(float[][])}.
     *
     * @param method the single method in pattern notation, {@code pkg.Class#score(float[])}
     */
    Optional<String> find(String method) {
        int hash = method.indexOf('#');
        int open = method.indexOf('(', hash);
        if (hash < 0 || open < 0 || !method.endsWith(")")) {
            return Optional.empty();
        }
        String owner = method.substring(0, hash);
        String name = method.substring(hash + 1, open);
        List<String> parameters = parameters(method.substring(open + 1, method.length() - 1));
        if (parameters.size() != 1) {
            return Optional.empty();
        }
        Optional<Class<?>> type = classes.find(owner);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Method[] methods = type.get().getDeclaredMethods();
        Method single = null;
        for (Method m : methods) {
            if (m.getName().equals(name) && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].getTypeName().equals(parameters.get(0))) {
                single = m;
            }
        }
        if (single == null || single.getReturnType() == void.class) {
            return Optional.empty();
        }
        Method best = null;
        int bestScore = -1;
        Method[] sorted = methods.clone();
        Arrays.sort(sorted, (a, b) -> a.getName().compareTo(b.getName()));
        for (Method m : sorted) {
            if (m.equals(single) || m.isSynthetic() || m.getParameterCount() != 1
                    || java.lang.reflect.Modifier.isStatic(m.getModifiers())
                            != java.lang.reflect.Modifier.isStatic(single.getModifiers())) {
                continue;
            }
            boolean arrayIn = m.getParameterTypes()[0] == single.getParameterTypes()[0].arrayType();
            boolean listIn = m.getParameterTypes()[0] == List.class;
            boolean arrayOut = m.getReturnType() == single.getReturnType().arrayType();
            boolean listOut = m.getReturnType() == List.class;
            if (!(arrayIn || listIn) || !(arrayOut || listOut)) {
                continue;
            }
            int score = (m.getName().startsWith(name) ? 2 : 0) + (arrayIn ? 1 : 0);
            if (score > bestScore) {
                best = m;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).map(m -> owner + "#" + m.getName() + "("
                + m.getParameterTypes()[0].getTypeName() + ")");
    }

    private static List<String> parameters(String list) {
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                names.add(part.strip());
            }
        }
        return names;
    }
}
