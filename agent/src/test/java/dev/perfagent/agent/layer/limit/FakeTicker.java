package dev.perfagent.agent.layer.limit;

import dev.perfagent.agent.time.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test sets by hand; safe to read from other threads (waiters read it while they park). */
final class FakeTicker implements Ticker {
    private final AtomicLong now;

    FakeTicker(long start) {
        this.now = new AtomicLong(start);
    }

    @Override
    public long read() {
        return now.get();
    }

    void set(long nanos) {
        now.set(nanos);
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
