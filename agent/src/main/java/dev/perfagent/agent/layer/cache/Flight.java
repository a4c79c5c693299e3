package dev.perfagent.agent.layer.cache;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One load of one key in flight: a call that runs the method and will publish what it returned, and the
 * callers waiting for that instead of running the method too. Also used as the claim that keeps two
 * refreshes of a key from overlapping.
 *
 * <p>The owner's exit always ends a flight ({@link #succeed} or {@link #fail}). Should it never come (the agent
 * must survive even what its advice rules out), a waiter notices within {@link #POLL_NANOS} that the flight is
 * {@link #abandoned}: its owner thread has died, or is the waiter itself (a thread that enters again while its
 * own load is open never reached that load's exit, since a nested call of a site skips the layers), or the
 * owner's call object has been garbage collected (the thread has left the call without an exit). A waiter is
 * otherwise bounded only by the load itself, as with a lock around a hand-written memoizer.
 */
final class Flight {
    /** What {@link #await} returns when the waiter must run the method itself. */
    static final Object RUN_YOURSELF = new Object();

    /** How often a waiter looks whether the owner is still there. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long generation;
    private final Thread owner;
    private final WeakReference<Object> call;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Object value = RUN_YOURSELF;

    /**
     * @param generation the cache's generation when the load began (an invalidation since makes it stale)
     * @param owner      the thread running the load, or null for a background refresh (always ended)
     * @param call       the owner's call object, held weakly; null with a null owner
     */
    Flight(long generation, Thread owner, Object call) {
        this.generation = generation;
        this.owner = owner;
        this.call = call == null ? null : new WeakReference<>(call);
    }

    /** A flight the background refresher owns and always ends itself. */
    static Flight background(long generation) {
        return new Flight(generation, null, null);
    }

    long generation() {
        return generation;
    }

    /** The load produced {@code result}: waiters return it. */
    void succeed(Object result) {
        value = result;
        done.countDown();
    }

    /** The load failed or was given up: waiters run the method themselves. */
    void fail() {
        done.countDown();
    }

    /** Whether the owner can no longer end this flight (see the class comment). */
    boolean abandoned() {
        if (owner == null || done.getCount() == 0) {
            return false;
        }
        return owner == Thread.currentThread() || !owner.isAlive() || call.get() == null;
    }

    /**
     * Waits for the load: interruptible, and bounded by the load itself or by the owner {@link #abandoned
     * abandoning} it.
     *
     * @return the loaded value, or {@link #RUN_YOURSELF} when the load failed, was abandoned or the waiting
     *     thread was interrupted (its interrupt flag is then set again)
     */
    Object await() {
        try {
            while (!done.await(POLL_NANOS, TimeUnit.NANOSECONDS)) {
                if (abandoned()) {
                    return RUN_YOURSELF;
                }
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RUN_YOURSELF;
        }
    }
}
