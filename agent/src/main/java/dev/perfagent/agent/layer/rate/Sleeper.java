package dev.perfagent.agent.layer.rate;

/**
 * How a call that must wait for its turn passes the time, so tests that drive a {@code Ticker} by hand
 * can pass it without really sleeping. One sleeper belongs to one layer: {@link #wakeAll()} is for
 * good.
 *
 * <p>Sleeps may end early (woken, or spuriously): callers check the clock again and sleep on.
 */
public interface Sleeper {

    /**
     * Sleeps for about {@code nanos}, less when {@link #wakeAll()} is or was called.
     *
     * @throws InterruptedException if the thread is or becomes interrupted (its flag is then cleared)
     */
    void sleep(long nanos) throws InterruptedException;

    /** Wakes every sleeping caller and makes every later {@link #sleep} return at once: the layer is closing. */
    void wakeAll();

    /** A sleeper that parks the thread on the JVM's clock; for a layer whose {@code Ticker} is that clock. */
    static Sleeper parking() {
        return new ParkingSleeper();
    }
}
