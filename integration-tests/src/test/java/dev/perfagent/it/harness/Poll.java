package dev.perfagent.it.harness;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; never a blind sleep. */
public final class Poll {
    private static final long INTERVAL_MS = 100;

    private Poll() {
    }

    /**
     * Calls {@code probe} until its value satisfies {@code done}; an exception from {@code probe} counts as
     * "not yet".
     *
     * @return the first value that satisfied {@code done}
     * @throws AssertionError naming {@code what}, with the last value or exception, at the deadline
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException | AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() >= deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (lastError != null ? "; last attempt failed: " + lastError : "; last value: " + last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Polls a boolean condition. */
    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, condition, Boolean::booleanValue);
    }
}
