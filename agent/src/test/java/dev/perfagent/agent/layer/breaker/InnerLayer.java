package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;

/** A layer inside the breaker (a cache or a batch queue) that answers calls when told to. */
final class InnerLayer implements CallLayer {
    private final LayerKind kind;
    private volatile Outcome answer;

    InnerLayer(LayerKind kind) {
        this.kind = kind;
    }

    /** The next calls end here with this outcome; null lets them through to the method. */
    void answer(Outcome outcome) {
        this.answer = outcome;
    }

    @Override
    public LayerKind kind() {
        return kind;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        return answer;
    }
}
