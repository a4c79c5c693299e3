package dev.perfagent.agent.layer.breaker;

/** Calls go through; their outcomes go into this stay's own sliding window, which starts empty. */
final class ClosedPhase extends BreakerPhase {
    final SlidingWindow window;

    ClosedPhase(SlidingWindow window) {
        this.window = window;
    }

    @Override
    BreakerState state() {
        return BreakerState.CLOSED;
    }
}
