package dev.perfagent.agent.profile;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition with a deadline: the tests' only way to wait for another thread's progress. */
final class Eventually {
    private Eventually() {
    }

    static void until(String what, Duration within, BooleanSupplier condition) {
        until(what, within, condition, () -> "");
    }

    static void until(String what, Duration within, BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what + " " + seen.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
