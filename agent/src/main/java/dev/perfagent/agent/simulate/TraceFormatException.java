package dev.perfagent.agent.simulate;

/** A trace file that cannot be read as one: the message starts with {@code FILE:LINE:} and says what is wrong. */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source the file as the user named it
     * @param line   1-based line number
     * @param reason what is wrong and what was expected
     */
    public TraceFormatException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** The file as the user named it. */
    public String source() {
        return source;
    }

    /** The 1-based line the problem is on. */
    public int line() {
        return line;
    }
}
