package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** One application thread making one batched call; its outcome is read with a 10 s guard. */
final class Caller {
    private static final AtomicInteger COUNT = new AtomicInteger();

    final Object input;
    final Thread thread;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private volatile boolean interruptedAtEnd;

    private Caller(Batcher batcher, Object input, CountDownLatch startSignal) {
        this.input = input;
        this.thread = new Thread(() -> run(batcher, startSignal), "test-caller-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
    }

    static Caller start(Batcher batcher, Object input) {
        return start(batcher, input, null);
    }

    static Caller start(Batcher batcher, Object input, CountDownLatch startSignal) {
        Caller caller = new Caller(batcher, input, startSignal);
        caller.thread.start();
        return caller;
    }

    private void run(Batcher batcher, CountDownLatch startSignal) {
        try {
            if (startSignal != null) {
                awaitUninterruptibly(startSignal);
            }
            Object result = batcher.call(new Object[] {input});
            interruptedAtEnd = Thread.currentThread().isInterrupted();
            outcome.complete(result);
        } catch (Throwable t) {
            interruptedAtEnd = Thread.currentThread().isInterrupted();
            outcome.completeExceptionally(t);
        }
    }

    /** An interrupt that arrives before the start is kept for the call to meet. */
    private static void awaitUninterruptibly(CountDownLatch startSignal) {
        boolean interrupted = false;
        while (true) {
            try {
                startSignal.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean done() {
        return outcome.isDone();
    }

    /** The call's result; fails the test if it threw or took over 10 s. */
    Object result() throws InterruptedException {
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("call with " + input + " threw", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("call with " + input + " did not complete within 10 s");
        }
    }

    /** What the call threw; fails the test if it returned or took over 10 s. */
    Throwable failure() throws InterruptedException {
        try {
            Object result = outcome.get(10, TimeUnit.SECONDS);
            return fail("call with " + input + " returned " + result + " instead of throwing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("call with " + input + " did not complete within 10 s");
        }
    }

    /** What the call returned or threw, whichever it was; fails the test if it took over 10 s. */
    Object outcome() throws InterruptedException {
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("call with " + input + " did not complete within 10 s");
        }
    }

    boolean interruptedAtEnd() {
        return interruptedAtEnd;
    }
}
