package dev.perfagent.agent.layer.cache;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.agent.time.Ticker;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A method as the advice runs it, for tests: the chain's enter, then the body on the caller's thread unless a
 * layer answered, then the exit with what the body returned or threw. Counts the body's runs; a fault a layer
 * lets escape fails the test.
 */
final class WovenMethod {

    /** The method body. */
    @FunctionalInterface
    interface Body {
        Object run(Object self, Object[] args) throws Exception;
    }

    private final LayerChain chain;
    private final Body body;
    private final AtomicInteger runs = new AtomicInteger();

    WovenMethod(Body body, CallLayer... layers) {
        this.chain = new LayerChain(List.of(layers), fault -> {
            throw new AssertionError("a layer let a fault escape", fault);
        }, Ticker.SYSTEM);
        this.body = body;
    }

    /** Calls the method on {@code self}. */
    Object call(Object self, Object... args) throws Exception {
        Object entered = chain.enter(self, args, 0);
        if (entered instanceof Outcome) {
            Outcome outcome = (Outcome) entered;
            if (outcome.thrown() != null) {
                throw rethrow(outcome.thrown());
            }
            return outcome.value();
        }
        LayeredCall call = (LayeredCall) entered;
        Object result;
        try {
            runs.incrementAndGet();
            result = body.run(self, args);
        } catch (Exception | Error thrown) {
            call.exit(null, thrown);
            throw thrown;
        }
        call.exit(result, null);
        return result;
    }

    /** Calls a static method (no receiver). */
    Object callStatic(Object... args) throws Exception {
        return call(null, args);
    }

    /** How many times the body ran. */
    int runs() {
        return runs.get();
    }

    private static Exception rethrow(Throwable thrown) {
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        return (Exception) thrown;
    }
}
