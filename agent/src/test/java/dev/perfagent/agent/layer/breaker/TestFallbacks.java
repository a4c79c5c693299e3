package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;

/** Fallback methods the tests name in {@code fallback:}. */
public final class TestFallbacks {
    private TestFallbacks() {
    }

    public static String fetch(String key, Throwable refusal) {
        return "fallback for " + key + " (" + refusal.getClass().getSimpleName() + ")";
    }

    public static String fails(String key, RuntimeException refusal) {
        throw new IllegalStateException("no fallback for " + key, refusal);
    }

    public static int score(Integer id, long version, CallNotPermittedException refusal) {
        return -id;
    }

    public static CharSequence wrongReturn(String key, Throwable refusal) {
        return key;
    }

    public String notStatic(String key, Throwable refusal) {
        return key;
    }

    public static String overloaded(String key, Throwable refusal) {
        return key;
    }

    public static String overloaded(Object key, Throwable refusal) {
        return "object";
    }

    private static String hidden(String key, Throwable refusal) {
        return "hidden " + key;
    }
}
