package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;

/** No fallback (or one that could not be used): the caller gets the {@code CallNotPermittedException}. */
final class NoFallback implements Fallback {
    static final NoFallback INSTANCE = new NoFallback();

    private NoFallback() {
    }

    @Override
    public Outcome refused(LayeredCall call, CallNotPermittedException refusal) {
        return Outcome.throwing(refusal);
    }
}
