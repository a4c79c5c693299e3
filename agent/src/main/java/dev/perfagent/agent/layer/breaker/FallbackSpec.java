package dev.perfagent.agent.layer.breaker;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A breaker's {@code fallback}, as configured: what a call gets when the breaker does not permit it. Text of
 * the form {@code pkg.Class#name} or {@code pkg.Class#name(..)} names a static method (taking the protected
 * method's parameters and then the {@code CallNotPermittedException}); any other text is a constant of the
 * protected method's return type. Both are checked against the method only when a site is created (the
 * constant) or first used (the method), since the config does not know the method's types.
 *
 * @param text  the value as written
 * @param where where it was written, for messages: {@code perf-agent.yaml:9:17: rules[0].circuit-breaker.fallback}
 */
public record FallbackSpec(String text, String where) {

    private static final String NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final Pattern METHOD = Pattern.compile("(" + NAME + "(?:\\." + NAME + ")+)#(" + NAME + ")(?:\\(\\.\\.\\))?");

    /** Checks the arguments. */
    public FallbackSpec {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(where, "where");
    }

    /** Whether the text names a fallback method rather than a constant. */
    public boolean isMethod() {
        return METHOD.matcher(text.trim()).matches();
    }

    /** The binary name of the fallback method's class; only for a method. */
    String methodClass() {
        return method().group(1);
    }

    /** The fallback method's name; only for a method. */
    String methodName() {
        return method().group(2);
    }

    private Matcher method() {
        Matcher matcher = METHOD.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException("not a method reference: " + text);
        }
        return matcher;
    }
}
