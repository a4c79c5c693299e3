package dev.perfagent.agent.layer.rate;

import dev.perfagent.agent.time.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test sets by hand; safe to read and move from several threads. */
final class ManualTicker implements Ticker {
    private final AtomicLong now;

    ManualTicker(long start) {
        this.now = new AtomicLong(start);
    }

    @Override
    public long read() {
        return now.get();
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
