package dev.perfagent.instrumentation;

/**
 * A class the weaver weaves once, in memory only, before it registers its transformer, so that every
 * class the transformer needs is already loaded when another thread's class loading calls it.
 */
final class WarmUpTarget {
    private final int value;

    WarmUpTarget(int value) {
        this.value = value;
    }

    int twice() {
        return value * 2;
    }

    int plus(int other) {
        return value + other;
    }

    int minus(int other) {
        return value - other;
    }
}
