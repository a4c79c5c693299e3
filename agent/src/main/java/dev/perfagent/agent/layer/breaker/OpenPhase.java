package dev.perfagent.agent.layer.breaker;

/** Calls are refused until {@link #until}; keeps the window that opened the breaker, for the figures. */
final class OpenPhase extends BreakerPhase {
    /** When the breaker may try trial calls, on the breaker's ticker. */
    final long until;
    /** The calls that opened it (closed window or trial calls). */
    final WindowSnapshot cause;

    OpenPhase(long until, WindowSnapshot cause) {
        this.until = until;
        this.cause = cause;
    }

    /** Whether {@code open-for} has passed at {@code nowNanos} ({@code >=}: at exactly open-for it has). */
    boolean elapsed(long nowNanos) {
        return nowNanos - until >= 0;
    }

    @Override
    BreakerState state() {
        return BreakerState.OPEN;
    }
}
