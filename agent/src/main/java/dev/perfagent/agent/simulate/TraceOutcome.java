package dev.perfagent.agent.simulate;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one recorded call ended: it returned, it failed without saying how, or it threw an exception of a
 * named class (so a replay can tell, say, a timeout from a refusal).
 *
 * @param kind           which of the three
 * @param exceptionClass the exception's binary class name, present exactly for {@link Kind#EXCEPTION}
 */
public record TraceOutcome(Kind kind, Optional<String> exceptionClass) {

    /** The three ways a call can end in a trace. */
    public enum Kind {
        /** Returned normally: {@code ok} or {@code success}. */
        SUCCESS,
        /** Failed, no exception class given: {@code error} or {@code failure}. */
        FAILURE,
        /** Threw an exception of {@link #exceptionClass()}. */
        EXCEPTION
    }

    /** A call that returned. */
    public static final TraceOutcome SUCCESS = new TraceOutcome(Kind.SUCCESS, Optional.empty());
    /** A call that failed, without an exception class. */
    public static final TraceOutcome FAILURE = new TraceOutcome(Kind.FAILURE, Optional.empty());

    /** Package-qualified: a bare word is more likely a typo'd keyword than a class in the unnamed package. */
    private static final Pattern QUALIFIED_CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+");

    /** Checks the arguments. */
    public TraceOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        if (exceptionClass.isPresent() != (kind == Kind.EXCEPTION)) {
            throw new IllegalArgumentException("an exception class goes with EXCEPTION and only with it: " + kind
                    + ", " + exceptionClass);
        }
    }

    /** A call that threw an exception of this binary class name, e.g. {@code java.net.SocketTimeoutException}. */
    public static TraceOutcome exception(String className) {
        return new TraceOutcome(Kind.EXCEPTION, Optional.of(className));
    }

    /** Whether the call returned normally. */
    public boolean isSuccess() {
        return kind == Kind.SUCCESS;
    }

    /**
     * Reads an outcome as written in a trace: {@code ok}, {@code success}, {@code error}, {@code failure}
     * (any case), or a package-qualified exception class name.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what was expected
     */
    static TraceOutcome parse(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "ok":
            case "success":
                return SUCCESS;
            case "error":
            case "failure":
                return FAILURE;
            default:
                break;
        }
        if (!QUALIFIED_CLASS_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("unknown outcome '" + text + "' (expected ok, success, error, failure"
                    + " or an exception class name with its package, such as java.io.IOException)");
        }
        return exception(text);
    }

    /** As written in a trace: {@code ok}, {@code error} or the class name. */
    @Override
    public String toString() {
        switch (kind) {
            case SUCCESS:
                return "ok";
            case FAILURE:
                return "error";
            default:
                return exceptionClass.orElseThrow();
        }
    }
}
