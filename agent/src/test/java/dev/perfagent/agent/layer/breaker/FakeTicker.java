package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;

/** A clock the test moves by hand; safe to read from several threads. */
final class FakeTicker implements Ticker {
    private volatile long now;

    FakeTicker(long start) {
        this.now = start;
    }

    @Override
    public long read() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }

    void advance(long nanos) {
        now += nanos;
    }
}
