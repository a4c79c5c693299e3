package dev.perfagent.agent.layer.batch.dispatch;

import dev.perfagent.agent.layer.batch.BatchFunction;
import java.util.ArrayList;
import java.util.List;

/** Executors for router tests, whose load and speed the test sets by hand. */
final class Executors {
    private Executors() {
    }

    static final BatchFunction IDENTITY = calls -> {
        List<Object> out = new ArrayList<>();
        for (Object[] call : calls) {
            out.add(call[0]);
        }
        return out;
    };

    static Executor[] of(int n) {
        Executor[] all = new Executor[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Executor(i, IDENTITY, null);
        }
        return all;
    }

    /** Puts {@code batches} batches in flight on {@code e}. */
    static void load(Executor e, int batches) {
        for (int i = 0; i < batches; i++) {
            e.started();
        }
    }

    /** Records one finished batch of {@code size} calls that took {@code nanos} (and leaves in-flight as it was). */
    static void measured(Executor e, int size, long nanos) {
        e.started();
        e.ended(size, nanos, false);
    }

    static Executor takenOut(Executor e) {
        if (!e.transition(Executor.IN, Executor.OUT)) {
            throw new AssertionError("not in rotation");
        }
        return e;
    }
}
