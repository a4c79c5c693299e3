package dev.perfagent.agent.layer.rate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Parks sleeping callers on a latch that {@link #wakeAll()} opens: a timed wait that an interrupt or the
 * layer's close cuts short, with no list of waiting threads to keep.
 */
final class ParkingSleeper implements Sleeper {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void sleep(long nanos) throws InterruptedException {
        closed.await(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void wakeAll() {
        closed.countDown();
    }
}
