package dev.perfagent.instrumentation.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code package.Class#method(params)} text into a {@link MethodPattern}, reporting the first
 * error with its offset. One instance parses one text.
 */
final class MethodPatternParser {

    private final String text;

    MethodPatternParser(String text) {
        this.text = text;
    }

    MethodPattern parse() {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            throw new MethodPatternException(
                    "expected a method pattern like 'com.example.Foo#bar(..)', got an empty text", text, from);
        }
        int hash = indexOf('#', from, to);
        if (hash < 0) {
            throw error(whereHashBelongs(from, to), "expected '#' between class and method");
        }
        int secondHash = indexOf('#', hash + 1, to);
        if (secondHash >= 0) {
            throw error(secondHash, "unexpected second '#'");
        }
        if (hash == from) {
            throw error(from, "expected a class name before '#'");
        }
        ClassPattern type = ClassPattern.parse(text, from, hash, "class name");

        int open = indexOf('(', hash + 1, to);
        int nameEnd = open < 0 ? to : open;
        while (nameEnd > hash + 1 && Character.isWhitespace(text.charAt(nameEnd - 1))) {
            nameEnd--;
        }
        if (nameEnd == hash + 1) {
            throw error(hash + 1, "expected a method name after '#'");
        }
        String name = text.substring(hash + 1, nameEnd);
        boolean constructor = name.equals(MethodPattern.CONSTRUCTOR);
        if (name.equals("<clinit>")) {
            throw error(hash + 1, "static initialisers ('<clinit>') cannot be matched");
        }
        if (!constructor) {
            for (int i = hash + 1; i < nameEnd; i++) {
                char c = text.charAt(i);
                if (c != '*' && !Character.isJavaIdentifierPart(c)) {
                    throw error(i, ClassPattern.describe(c) + " in method name (expected a Java name, '*' or '<init>')");
                }
            }
        }
        ParamPattern[] params = open < 0 ? null : parseParams(open, to);
        return new MethodPattern(text, type, constructor ? null : name, params);
    }

    /** For 'com.Foo.bar' the '#' most likely belongs where the last '.' is. */
    private int whereHashBelongs(int from, int to) {
        int open = indexOf('(', from, to);
        int end = open < 0 ? to : open;
        int lastDot = text.lastIndexOf('.', end - 1);
        return lastDot >= from ? lastDot : end;
    }

    private ParamPattern[] parseParams(int open, int to) {
        int close = indexOf(')', open + 1, to);
        if (close < 0) {
            throw error(to, "expected ')' to close the parameter list");
        }
        if (close != to - 1) {
            throw error(close + 1, "unexpected text after ')'");
        }
        List<ParamPattern> params = new ArrayList<>();
        int i = skipWhitespace(open + 1, close);
        if (i == close) {
            return new ParamPattern[0];
        }
        while (true) {
            int start = skipWhitespace(i, close);
            int end = start;
            while (end < close && text.charAt(end) != ',') {
                end++;
            }
            boolean last = end == close;
            int tokenEnd = end;
            while (tokenEnd > start && Character.isWhitespace(text.charAt(tokenEnd - 1))) {
                tokenEnd--;
            }
            if (tokenEnd == start) {
                throw error(start, "expected a parameter type before '" + (last ? ')' : ',') + "'");
            }
            params.add(parseParam(start, tokenEnd, last));
            if (last) {
                return params.toArray(new ParamPattern[0]);
            }
            i = end + 1;
        }
    }

    private ParamPattern parseParam(int start, int end, boolean last) {
        String token = text.substring(start, end);
        if (token.equals("..")) {
            return ParamPattern.ANY_LIST;
        }
        int baseEnd = end;
        int dimensions = 0;
        if (token.endsWith("...")) {
            if (!last) {
                throw error(end - 3, "varargs '...' is only allowed on the last parameter");
            }
            dimensions = 1;
            baseEnd -= 3;
        }
        while (baseEnd - 2 >= start && text.charAt(baseEnd - 1) == ']' && text.charAt(baseEnd - 2) == '[') {
            dimensions++;
            baseEnd -= 2;
        }
        if (baseEnd == start) {
            throw error(start, "expected a parameter type name before '" + text.substring(start, end) + "'");
        }
        for (int i = start; i < baseEnd; i++) {
            char c = text.charAt(i);
            if (c == '<') {
                throw error(i, "unexpected '<': type arguments are not part of a method's signature;"
                        + " write the erased type '" + text.substring(start, i) + "'");
            }
            if (c == '[' || c == ']') {
                throw error(i, "unexpected '" + c + "' in parameter type (expected '[]' pairs after the name)");
            }
        }
        String base = text.substring(start, baseEnd);
        if (base.equals("*") && dimensions == 0) {
            return ParamPattern.ANY_TYPE;
        }
        if (base.indexOf('.') >= 0) {
            return ParamPattern.qualified(token, ClassPattern.parse(text, start, baseEnd, "parameter type"), dimensions);
        }
        for (int i = start; i < baseEnd; i++) {
            char c = text.charAt(i);
            if (c != '*' && !Character.isJavaIdentifierPart(c)) {
                throw error(i, ClassPattern.describe(c) + " in parameter type (expected a Java name, '*', '[]' or '..')");
            }
        }
        return ParamPattern.simple(token, base, dimensions);
    }

    private int skipWhitespace(int i, int to) {
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private int indexOf(char c, int from, int to) {
        int i = text.indexOf(c, from);
        return i < to ? i : -1;
    }

    private MethodPatternException error(int offset, String expectation) {
        return ClassPattern.error(text, offset, expectation);
    }
}
