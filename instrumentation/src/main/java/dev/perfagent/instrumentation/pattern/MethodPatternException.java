package dev.perfagent.instrumentation.pattern;

/**
 * Thrown when the text of a {@link MethodPattern} or {@link ClassPattern} is malformed.
 *
 * <p>Like {@link java.util.regex.PatternSyntaxException}, it carries the offending text and the
 * 0-based offset of the error inside it, so a caller that knows where the text came from (a
 * config file, a command line) can point at the exact column. {@link #getMessage()} says what was
 * expected and quotes the whole pattern, e.g. {@code expected '#' between class and method in
 * 'com.Foo.bar'}.
 */
public final class MethodPatternException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final int offset;

    /**
     * @param message what was expected, already quoting the pattern
     * @param pattern the whole pattern text
     * @param offset  0-based offset of the error in {@code pattern} (may equal its length)
     */
    public MethodPatternException(String message, String pattern, int offset) {
        super(message);
        this.pattern = pattern;
        this.offset = offset;
    }

    /** The whole pattern text that failed to parse. */
    public String pattern() {
        return pattern;
    }

    /** 0-based offset of the error in {@link #pattern()}; equals its length when text is missing at the end. */
    public int offset() {
        return offset;
    }
}
