package dev.perfagent.agent.layer.cache;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: for what another thread does, without fixed sleeps. */
final class Eventually {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + PATIENCE + ": " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
