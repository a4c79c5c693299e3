package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;

/** What a call the breaker does not permit gets instead of the method's result. Thread-safe; never throws. */
interface Fallback {

    /** The outcome for a refused call; {@code refusal} is what it throws without a fallback. */
    Outcome refused(LayeredCall call, CallNotPermittedException refusal);
}
