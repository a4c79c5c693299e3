package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code fallback} constant against the protected method's return type. What fits:
 *
 * <ul>
 *   <li>{@code boolean}, {@code byte}, {@code short}, {@code int}, {@code long}, {@code float},
 *       {@code double}, {@code char} and their boxes: a literal of the type ({@code true}, {@code -1},
 *       {@code 0.5}, {@code 1e-3}, {@code NaN}, {@code x}), range-checked, never rounded or wrapped;</li>
 *   <li>{@code String} and {@code CharSequence}: the text as written;</li>
 *   <li>arrays: {@code []}, an empty array; {@code List}, {@code Collection}, {@code Iterable}: {@code []},
 *       an empty immutable list; {@code Set}: {@code []}; {@code Map}: {@code {}}; {@code Optional}:
 *       {@code empty};</li>
 *   <li>any reference type: {@code null} (quoted in YAML, where a plain {@code null} means no value);</li>
 *   <li>{@code void}: {@code null}, meaning the refused call returns at once without doing anything.</li>
 * </ul>
 */
final class FallbackConstants {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?Infinity|NaN");
    private static final String NULL = "null";

    private FallbackConstants() {
    }

    /**
     * The fallback for a constant; when the text does not fit the return type, logs why (once, naming where
     * it was written) and returns {@link NoFallback}, so refused calls throw.
     */
    static Fallback create(FallbackSpec spec, LayerTarget target, AgentLog log) {
        try {
            return parse(spec, target, log);
        } catch (IllegalArgumentException e) {
            log.error(spec.where() + ": fallback '" + spec.text() + "' does not fit the return type "
                    + target.returnType() + " of " + target.method() + ": " + e.getMessage()
                    + "; calls the breaker refuses throw dev.perfagent.CallNotPermittedException");
            return NoFallback.INSTANCE;
        }
    }

    /** @throws IllegalArgumentException saying why the text does not fit */
    static Fallback parse(FallbackSpec spec, LayerTarget target, AgentLog log) {
        String text = spec.text();
        String type = target.returnType();
        if (type.endsWith("[]")) {
            if (text.equals("[]")) {
                return new EmptyArrayFallback(target, spec.where(), log);
            }
            return reference(text, "an empty array, written \"[]\"");
        }
        switch (type) {
            case "void":
                if (text.equals(NULL)) {
                    return new ConstantFallback(null);
                }
                throw new IllegalArgumentException("a void method's fallback can only be \"null\" (the call returns"
                        + " without running)");
            case "boolean":
            case "java.lang.Boolean":
                return boxable(text, type, () -> {
                    if (text.equals("true") || text.equals("false")) {
                        return Boolean.valueOf(text);
                    }
                    throw new IllegalArgumentException("expected true or false");
                });
            case "byte":
            case "java.lang.Byte":
                return boxable(text, type, () -> (byte) integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case "short":
            case "java.lang.Short":
                return boxable(text, type, () -> (short) integer(text, Short.MIN_VALUE, Short.MAX_VALUE));
            case "int":
            case "java.lang.Integer":
                return boxable(text, type, () -> (int) integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "long":
            case "java.lang.Long":
                return boxable(text, type, () -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE));
            case "float":
            case "java.lang.Float":
                return boxable(text, type, () -> {
                    float value = Float.parseFloat(decimal(text));
                    if (Float.isInfinite(value) && !text.contains("Infinity")) {
                        throw new IllegalArgumentException("out of range for a float");
                    }
                    return value;
                });
            case "double":
            case "java.lang.Double":
                return boxable(text, type, () -> {
                    double value = Double.parseDouble(decimal(text));
                    if (Double.isInfinite(value) && !text.contains("Infinity")) {
                        throw new IllegalArgumentException("out of range for a double");
                    }
                    return value;
                });
            case "char":
            case "java.lang.Character":
                return boxable(text, type, () -> {
                    if (text.length() != 1) {
                        throw new IllegalArgumentException("expected exactly one character");
                    }
                    return text.charAt(0);
                });
            case "java.lang.String":
            case "java.lang.CharSequence":
                return new ConstantFallback(text.equals(NULL) ? null : text);
            case "java.util.List":
            case "java.util.Collection":
            case "java.lang.Iterable":
                return text.equals("[]") ? new ConstantFallback(List.of())
                        : reference(text, "an empty list, written \"[]\"");
            case "java.util.Set":
                return text.equals("[]") ? new ConstantFallback(Set.of())
                        : reference(text, "an empty set, written \"[]\"");
            case "java.util.Map":
                return text.equals("{}") ? new ConstantFallback(Map.of())
                        : reference(text, "an empty map, written \"{}\"");
            case "java.util.Optional":
                return text.equals("empty") ? new ConstantFallback(Optional.empty())
                        : reference(text, "Optional.empty(), written empty");
            default:
                return reference(text, null);
        }
    }

    /** A primitive's literal, or for its box also {@code null}. */
    private static Fallback boxable(String text, String type, ValueReader reader) {
        if (text.equals(NULL)) {
            if (type.indexOf('.') < 0) {
                throw new IllegalArgumentException("a " + type + " cannot be null");
            }
            return new ConstantFallback(null);
        }
        return new ConstantFallback(reader.read());
    }

    private static Fallback reference(String text, String alternative) {
        if (text.equals(NULL)) {
            return new ConstantFallback(null);
        }
        throw new IllegalArgumentException("only \"null\"" + (alternative == null ? "" : " or " + alternative)
                + " fits this type (constants are supported for primitives and their boxes, String, arrays,"
                + " List, Set, Map and Optional; use a fallback method for anything else)");
    }

    private static long integer(String text, long min, long max) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("expected a whole number");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("out of range (" + min + ".." + max + ")");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range (" + min + ".." + max + ")");
        }
        return value;
    }

    private static String decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("expected a number such as 0, -1.5 or 1e-3");
        }
        return text;
    }

    @FunctionalInterface
    private interface ValueReader {
        Object read();
    }
}
