package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.ThreadLocalRandom;

/** {@code monitor-convoy}: every request posts one amount to one shared {@link Ledger}. */
final class MonitorConvoyScenario implements Scenario {
    static final long HOLD_NANOS = 1_000_000;

    private final Ledger ledger = new Ledger(HOLD_NANOS);

    @Override
    public void request() {
        ledger.post(ThreadLocalRandom.current().nextInt(1, 100));
    }
}
