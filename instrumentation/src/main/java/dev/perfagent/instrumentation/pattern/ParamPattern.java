package dev.perfagent.instrumentation.pattern;

/**
 * One element of a {@link MethodPattern}'s parameter list: {@code ..} (any number of parameters),
 * a bare {@code *} (exactly one parameter of any type), or a type pattern with array dimensions.
 *
 * <p>Type names are matched in the form Byte Buddy's {@code TypeDescription.getActualName()}
 * gives: {@code int}, {@code java.lang.String}, {@code float[][]}, {@code java.util.Map$Entry}.
 * A pattern without a dot matches the simple name, which for a nested type may be written either
 * way: {@code Entry} and {@code Map$Entry} both match {@code java.util.Map$Entry}. A pattern with a
 * dot is a {@link ClassPattern} over the fully qualified name.
 */
final class ParamPattern {

    /** {@code ..}: any number of parameters. */
    static final ParamPattern ANY_LIST = new ParamPattern("..", -1, null, null);
    /** {@code *}: one parameter of any type, arrays and primitives included. */
    static final ParamPattern ANY_TYPE = new ParamPattern("*", -1, null, null);

    private final String text;
    /** Array dimensions the parameter must have; -1 for {@link #ANY_LIST} and {@link #ANY_TYPE}. */
    private final int dimensions;
    /** Glob over the simple name, or null when {@link #qualified} is used. */
    private final String simpleGlob;
    private final ClassPattern qualified;

    private ParamPattern(String text, int dimensions, String simpleGlob, ClassPattern qualified) {
        this.text = text;
        this.dimensions = dimensions;
        this.simpleGlob = simpleGlob;
        this.qualified = qualified;
    }

    static ParamPattern simple(String text, String glob, int dimensions) {
        return new ParamPattern(text, dimensions, glob, null);
    }

    static ParamPattern qualified(String text, ClassPattern pattern, int dimensions) {
        return new ParamPattern(text, dimensions, null, pattern);
    }

    boolean isAnyList() {
        return this == ANY_LIST;
    }

    /** Whether this element matches one parameter type name in source form. */
    boolean matches(String typeName) {
        if (this == ANY_TYPE) {
            return true;
        }
        int end = typeName.length();
        int dims = 0;
        while (end >= 2 && typeName.charAt(end - 1) == ']' && typeName.charAt(end - 2) == '[') {
            dims++;
            end -= 2;
        }
        if (dims != dimensions) {
            return false;
        }
        if (qualified != null) {
            return qualified.matches(typeName, 0, end);
        }
        int afterDot = typeName.lastIndexOf('.', end - 1) + 1;
        if (Glob.matches(simpleGlob, typeName, afterDot, end)) {
            return true;
        }
        int afterDollar = typeName.lastIndexOf('$', end - 1) + 1;
        return afterDollar > afterDot && Glob.matches(simpleGlob, typeName, afterDollar, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
