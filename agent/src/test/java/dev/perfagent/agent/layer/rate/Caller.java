package dev.perfagent.agent.layer.rate;

import dev.perfagent.bootstrap.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One call into a layer on its own thread, with what it returned and whether its thread was left interrupted. */
final class Caller {
    private final Thread thread;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile boolean interruptedAfter;

    private Caller(Supplier<Outcome> call) {
        this.thread = new Thread(() -> {
            try {
                Outcome result = call.get();
                interruptedAfter = Thread.currentThread().isInterrupted();
                outcome.complete(result);
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, "rate-limit-test-caller");
        thread.setDaemon(true);
    }

    static Caller start(Supplier<Outcome> call) {
        Caller caller = new Caller(call);
        caller.thread.start();
        return caller;
    }

    Thread thread() {
        return thread;
    }

    /** What the call returned (null: it went on); waits up to 10 s for it. */
    Outcome outcome() throws Exception {
        return outcome.get(10, TimeUnit.SECONDS);
    }

    /** Whether the thread's interrupt flag was set when the call returned; read after {@link #outcome()}. */
    boolean interruptedAfter() {
        return interruptedAfter;
    }
}
