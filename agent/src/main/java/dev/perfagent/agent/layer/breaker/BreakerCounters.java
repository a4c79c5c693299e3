package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.layer.StripedCounter;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a breaker has seen since it was created: every call that reached it counted once, under one outcome,
 * and every transition. Striped adders: cheap for the many threads that count, summed only when read; the
 * successes, counted on every call of a healthy dependency, in a {@link StripedCounter} whose owner cells
 * take no atomic instruction at all.
 */
final class BreakerCounters {
    private final StripedCounter successes = new StripedCounter();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slowSuccesses = new LongAdder();
    private final LongAdder slowFailures = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    /** Indexed by {@code from.ordinal() * 3 + to.ordinal()}. */
    private final LongAdder[] transitions = new LongAdder[9];

    BreakerCounters() {
        for (int i = 0; i < transitions.length; i++) {
            transitions[i] = new LongAdder();
        }
    }

    void countRecorded(boolean failure, boolean slow) {
        if (failure) {
            (slow ? slowFailures : failures).increment();
        } else if (slow) {
            slowSuccesses.increment();
        } else {
            successes.increment();
        }
    }

    /** An ignored exception, a perf-agent refusal further in, or a call answered without the dependency. */
    void countIgnored() {
        ignored.increment();
    }

    void countNotPermitted() {
        notPermitted.increment();
    }

    void countTransition(BreakerState from, BreakerState to) {
        transitions[from.ordinal() * 3 + to.ordinal()].increment();
    }

    long successes() {
        return successes.sum();
    }

    long failures() {
        return failures.sum();
    }

    long slowSuccesses() {
        return slowSuccesses.sum();
    }

    long slowFailures() {
        return slowFailures.sum();
    }

    long ignored() {
        return ignored.sum();
    }

    long notPermitted() {
        return notPermitted.sum();
    }

    long transitions(BreakerState from, BreakerState to) {
        return transitions[from.ordinal() * 3 + to.ordinal()].sum();
    }
}
