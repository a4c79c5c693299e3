package dev.perfagent.instrumentation;

/** Told what {@link Weaver} did, for the agent's counters and log. Must not throw. */
public interface WeaveListener {

    /** A class was transformed; {@code wasLoaded} is true when it was retransformed after loading. */
    void woven(String className, boolean wasLoaded);

    /** Time the transformer spent on one class handed to it by the JVM, woven or not. */
    void spent(long nanos);

    /** Weaving a class failed; the class stays as it was. */
    void failed(String className, Throwable error);
}
