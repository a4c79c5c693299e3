package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.time.Ticker;

/** A clock the test sets by hand. Not thread-safe; the tests that use it are single-threaded. */
final class FakeTicker implements Ticker {
    private long now;

    FakeTicker(long start) {
        this.now = start;
    }

    @Override
    public long read() {
        return now;
    }

    void set(long nanos) {
        now = nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
