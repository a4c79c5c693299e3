package com.example.woven;

/** Woven by WeaverTest; outside perf-agent's packages, which the weaver never touches. */
public final class Target {
    public int add(int a, int b) {
        return a + b;
    }

    public int recurse(int n) {
        return n <= 0 ? 0 : 1 + recurse(n - 1);
    }

    public void fail() {
        throw new IllegalArgumentException("bad");
    }

    public int untouched() {
        return 42;
    }
}
