package dev.perfagent.agent.layer.breaker;

import java.util.Locale;

/** The states of a circuit breaker. */
public enum BreakerState {
    /** Calls go through; their outcomes fill the sliding window. */
    CLOSED,
    /** Calls are refused (fallback or {@code CallNotPermittedException}) until {@code open-for} has passed. */
    OPEN,
    /** A few trial calls go through; their outcomes decide between CLOSED and OPEN. */
    HALF_OPEN;

    /** The name in metric labels: {@code closed}, {@code open}, {@code half_open}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
