package dev.perfagent.instrumentation.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern over binary class names, the class part of a {@link MethodPattern}; also used on its
 * own for class exclusions.
 *
 * <p>Syntax: dot-separated name segments. In a segment, {@code *} matches any run of characters
 * except {@code '.'} (so it does match the {@code '$'} of nested classes). Between segments,
 * {@code ..} matches any number (zero or more) of whole segments: {@code com.example..*Controller}
 * matches {@code com.example.FooController} and {@code com.example.a.b.FooController}; a leading
 * {@code ..} lets the pattern start in any package: {@code ..*Controller}. Nested classes are
 * written with {@code '$'}: {@code com.example.Outer$Inner}.
 *
 * <p>Instances are immutable and thread-safe; matching does not allocate.
 */
public final class ClassPattern {

    /** Stands for {@code ..} among the segment globs. */
    private static final String ANY_SEGMENTS = null;

    private final String text;
    /** Segment globs in order; {@link #ANY_SEGMENTS} where the pattern has {@code ..}. */
    private final String[] elements;
    /** Text every match starts with: a cheap rejection before the full match. */
    private final String prefix;
    /** Text every match ends with. */
    private final String suffix;
    /** The pattern has no wildcard at all. */
    private final boolean exact;

    private ClassPattern(String text, String[] elements) {
        this.text = text;
        this.elements = elements;
        int star = text.indexOf('*');
        int dots = text.indexOf("..");
        if (star < 0 && dots < 0) {
            exact = true;
            prefix = text;
            suffix = "";
        } else {
            exact = false;
            int prefixEnd;
            if (dots == 0) {
                prefixEnd = 0;
            } else if (star < 0) {
                prefixEnd = dots + 1;
            } else if (dots < 0) {
                prefixEnd = star;
            } else {
                prefixEnd = Math.min(star, dots + 1);
            }
            prefix = text.substring(0, prefixEnd);
            String last = elements[elements.length - 1];
            suffix = last.substring(last.lastIndexOf('*') + 1);
        }
    }

    /**
     * Parses a class pattern.
     *
     * @throws MethodPatternException with the offset of the error when the text is malformed
     */
    public static ClassPattern parse(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            throw new MethodPatternException("expected a class name in '" + text + "'", text, from);
        }
        return parse(text, from, to, "class name");
    }

    /**
     * Parses {@code source[from, to)}, which must not be empty; errors quote all of {@code source}
     * and give offsets into it, so a pattern nested in a method pattern points at the right column.
     */
    static ClassPattern parse(String source, int from, int to, String what) {
        List<String> elements = new ArrayList<>();
        boolean expectSegment = true;
        int i = from;
        while (i < to) {
            char c = source.charAt(i);
            if (c == '.') {
                if (i + 1 < to && source.charAt(i + 1) == '.') {
                    if (i + 2 < to && source.charAt(i + 2) == '.') {
                        throw error(source, i + 2, "unexpected '.' after '..' in " + what);
                    }
                    elements.add(ANY_SEGMENTS);
                    i += 2;
                    if (i == to) {
                        throw error(source, i, "expected a " + what + " after '..'");
                    }
                    expectSegment = true;
                    continue;
                }
                if (expectSegment) {
                    throw error(source, i, "expected a name before '.' in " + what);
                }
                i++;
                if (i == to) {
                    throw error(source, i, "expected a name after '.' in " + what);
                }
                expectSegment = true;
                continue;
            }
            int end = i;
            while (end < to && source.charAt(end) != '.') {
                char s = source.charAt(end);
                if (s != '*' && !Character.isJavaIdentifierPart(s)) {
                    throw error(source, end, describe(s) + " in " + what
                            + " (expected a Java name, '*', '.' or '..')");
                }
                end++;
            }
            elements.add(source.substring(i, end));
            expectSegment = false;
            i = end;
        }
        return new ClassPattern(source.substring(from, to), elements.toArray(new String[0]));
    }

    static MethodPatternException error(String source, int offset, String expectation) {
        return new MethodPatternException(expectation + " in '" + source + "'", source, offset);
    }

    static String describe(char c) {
        return Character.isWhitespace(c) ? "unexpected whitespace" : "unexpected '" + c + "'";
    }

    /** Whether this pattern matches the binary class name ({@code '$'} for nested classes). */
    public boolean matches(String binaryClassName) {
        return matches(binaryClassName, 0, binaryClassName.length());
    }

    /** Whether this pattern matches exactly {@code name[from, to)}. */
    boolean matches(String name, int from, int to) {
        int length = to - from;
        if (length < prefix.length() || !name.startsWith(prefix, from)) {
            return false;
        }
        if (exact) {
            return length == prefix.length();
        }
        if (length < suffix.length() || !name.regionMatches(to - suffix.length(), suffix, 0, suffix.length())) {
            return false;
        }
        return length > 0 && matchFrom(0, name, from, to);
    }

    /**
     * Matches elements from {@code element} on against the segments starting at {@code pos};
     * {@code pos == to + 1} once every segment has been consumed.
     */
    private boolean matchFrom(int element, String name, int pos, int to) {
        if (element == elements.length) {
            return pos == to + 1;
        }
        if (pos > to) {
            return false;
        }
        String glob = elements[element];
        if (glob == ANY_SEGMENTS) {
            int p = pos;
            while (true) {
                if (matchFrom(element + 1, name, p, to)) {
                    return true;
                }
                int dot = name.indexOf('.', p);
                if (dot < 0 || dot >= to) {
                    return false;
                }
                p = dot + 1;
            }
        }
        int end = name.indexOf('.', pos);
        if (end < 0 || end > to) {
            end = to;
        }
        return Glob.matches(glob, name, pos, end) && matchFrom(element + 1, name, end + 1, to);
    }

    /** The pattern text (without surrounding whitespace). */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
