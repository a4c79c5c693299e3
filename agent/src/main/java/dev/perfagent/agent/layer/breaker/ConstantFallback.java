package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;

/**
 * A constant the caller gets in place of the result: an immutable value parsed once by
 * {@link FallbackConstants} (a boxed primitive, a string, null, an empty immutable collection), so every
 * refused caller may share it.
 */
final class ConstantFallback implements Fallback {
    private final Object value;
    /** Shared by every refused call: outcomes are immutable. */
    private final Outcome outcome;

    ConstantFallback(Object value) {
        this.value = value;
        this.outcome = Outcome.returning(value);
    }

    /** The value returned. */
    Object value() {
        return value;
    }

    @Override
    public Outcome refused(LayeredCall call, CallNotPermittedException refusal) {
        return outcome;
    }
}
