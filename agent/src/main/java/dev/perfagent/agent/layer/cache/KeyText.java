package dev.perfagent.agent.layer.cache;

import java.lang.reflect.Array;

/**
 * A cache key as short text for the status page: the key's arguments, arrays by content, in at most
 * {@link #MAX_CHARS} characters (longer text is cut and ends with {@code …}). The receiver of a key is not
 * shown: it is compared by identity, and its text says nothing of the entry.
 *
 * <p>Objects render through their own {@code toString}, which may be slow or throw: a key whose text cannot be
 * had is shown as {@code <ClassName>}. Arrays are walked only as far as the text reaches, so a key holding a
 * large array costs no more than a small one.
 */
final class KeyText {

    /** The most characters of one key's text. */
    static final int MAX_CHARS = 120;

    private KeyText() {
    }

    /** The text of a key as the cache stores it (an argument, an {@link ArgumentsKey}, or a marker). */
    static String of(Object key) {
        StringBuilder out = new StringBuilder();
        if (key instanceof ArgumentsKey) {
            ArgumentsKey arguments = (ArgumentsKey) key;
            if (arguments.size() == 1) {
                append(out, arguments.part(0));
            } else {
                out.append('(');
                for (int i = 0; i < arguments.size() && out.length() <= MAX_CHARS; i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    append(out, arguments.part(i));
                }
                out.append(')');
            }
        } else {
            append(out, key);
        }
        return bounded(out);
    }

    private static void append(StringBuilder out, Object value) {
        if (out.length() > MAX_CHARS) {
            return;
        }
        if (value == null || !value.getClass().isArray()) {
            out.append(text(value));
            return;
        }
        out.append('[');
        int length = Array.getLength(value);
        for (int i = 0; i < length && out.length() <= MAX_CHARS; i++) {
            if (i > 0) {
                out.append(", ");
            }
            append(out, Array.get(value, i));
        }
        out.append(']');
    }

    private static String text(Object value) {
        try {
            String text = String.valueOf(value);
            // A huge toString is cut here already, so the builder never holds much more than the bound.
            return text.length() > MAX_CHARS + 1 ? text.substring(0, MAX_CHARS + 1) : text;
        } catch (RuntimeException | StackOverflowError e) {
            return "<" + value.getClass().getName() + ">";
        }
    }

    private static String bounded(StringBuilder text) {
        if (text.length() <= MAX_CHARS) {
            return text.toString();
        }
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // do not split a character in two
        }
        return text.substring(0, end) + "…";
    }
}
