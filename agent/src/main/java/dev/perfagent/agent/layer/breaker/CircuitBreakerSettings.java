package dev.perfagent.agent.layer.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * How one circuit breaker decides; defaults are Resilience4j's, except where noted in
 * {@code docs/configuration.md}.
 *
 * @param window              the closed state's sliding window: the last {@code N} calls or the last {@code D}
 *                            of time (default: 100 calls)
 * @param failureRate         percent of failed calls in the window at or above which the breaker opens (50)
 * @param slowCall            a call that took longer than this is slow (60 s)
 * @param slowCallRate        percent of slow calls at or above which the breaker opens (100)
 * @param minimumCalls        calls the window must hold before it is judged (100, or the count window's size
 *                            when that is smaller); never more than a count window holds
 * @param openFor             how long the breaker stays open before it tries trial calls (60 s)
 * @param halfOpenCalls       trial calls in the half-open state: at most this many in flight, and the verdict is
 *                            the rates over this many (10)
 * @param maxHalfOpen         the longest the trial calls may take to decide, from the first one; then the breaker
 *                            opens again (60 s; Resilience4j waits for ever by default)
 * @param automaticTransition whether an open breaker is half-open as soon as {@code openFor} has passed, for
 *                            every observer ({@code /status} included); otherwise only once the next call
 *                            arrives (true; Resilience4j: false)
 * @param exceptions          which exceptions are failures, successes, or not counted (every one a failure)
 */
public record CircuitBreakerSettings(WindowSpec window, double failureRate, Duration slowCall, double slowCallRate,
                                     int minimumCalls, Duration openFor, int halfOpenCalls, Duration maxHalfOpen,
                                     boolean automaticTransition, ExceptionLists exceptions) {

    /** The default window: the last 100 calls. */
    public static final int DEFAULT_WINDOW_CALLS = 100;
    /** The default time window, when {@code window-type: time} is given without a size. */
    public static final Duration DEFAULT_WINDOW_TIME = Duration.ofSeconds(100);
    public static final double DEFAULT_FAILURE_RATE = 50;
    public static final Duration DEFAULT_SLOW_CALL = Duration.ofSeconds(60);
    public static final double DEFAULT_SLOW_CALL_RATE = 100;
    /** The default minimum, lowered to a count window's size when that is smaller. */
    public static final int DEFAULT_MINIMUM_CALLS = 100;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(60);
    public static final int DEFAULT_HALF_OPEN_CALLS = 10;
    public static final Duration DEFAULT_MAX_HALF_OPEN = Duration.ofSeconds(60);
    /** Trial calls are counted in 16-bit fields; far more than any verdict needs. */
    public static final int MAX_HALF_OPEN_CALLS = 10_000;

    /** Checks the arguments. */
    public CircuitBreakerSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slowCall, "slowCall");
        Objects.requireNonNull(openFor, "openFor");
        Objects.requireNonNull(maxHalfOpen, "maxHalfOpen");
        Objects.requireNonNull(exceptions, "exceptions");
        checkPercent("failureRate", failureRate);
        checkPercent("slowCallRate", slowCallRate);
        checkPositive("slowCall", slowCall);
        checkPositive("openFor", openFor);
        checkPositive("maxHalfOpen", maxHalfOpen);
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("minimumCalls " + minimumCalls);
        }
        if (window.type() == WindowType.COUNT && minimumCalls > window.calls()) {
            throw new IllegalArgumentException("minimumCalls " + minimumCalls + " > window of " + window.calls()
                    + " calls: the breaker could never open");
        }
        if (halfOpenCalls < 1 || halfOpenCalls > MAX_HALF_OPEN_CALLS) {
            throw new IllegalArgumentException("halfOpenCalls " + halfOpenCalls);
        }
    }

    /** Resilience4j's defaults, with perf-agent's bounded half-open time and automatic transition. */
    public static CircuitBreakerSettings defaults() {
        return new CircuitBreakerSettings(WindowSpec.count(DEFAULT_WINDOW_CALLS), DEFAULT_FAILURE_RATE,
                DEFAULT_SLOW_CALL, DEFAULT_SLOW_CALL_RATE, DEFAULT_MINIMUM_CALLS, DEFAULT_OPEN_FOR,
                DEFAULT_HALF_OPEN_CALLS, DEFAULT_MAX_HALF_OPEN, true, ExceptionLists.DEFAULT);
    }

    /** The default {@code minimum-calls} for a window: 100, or a smaller count window's size. */
    public static int defaultMinimumCalls(WindowSpec window) {
        return window.type() == WindowType.COUNT ? Math.min(DEFAULT_MINIMUM_CALLS, window.calls())
                : DEFAULT_MINIMUM_CALLS;
    }

    private static void checkPercent(String name, double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException(name + " " + percent + "% (expected more than 0, at most 100)");
        }
    }

    private static void checkPositive(String name, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " " + duration);
        }
    }
}
