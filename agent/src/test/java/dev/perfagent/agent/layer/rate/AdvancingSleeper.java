package dev.perfagent.agent.layer.rate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that sleeps by moving a {@link ManualTicker} on, and remembers every sleep asked of it. */
final class AdvancingSleeper implements Sleeper {
    private final ManualTicker ticker;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    AdvancingSleeper(ManualTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void sleep(long nanos) {
        sleeps.add(nanos);
        ticker.advance(nanos);
    }

    @Override
    public void wakeAll() {
    }

    /** The sleeps asked for, in order. */
    List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
