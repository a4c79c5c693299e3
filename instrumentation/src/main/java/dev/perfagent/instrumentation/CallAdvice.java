package dev.perfagent.instrumentation;

import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.bootstrap.Outcome;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into methods whose layers act on the call itself (batching, cache, breaker and
 * limits). The entry hands the receiver and the arguments to {@link Hooks#invoke}; when a layer returns
 * an {@link Outcome} the body is skipped and the exit returns the outcome's value or throws its
 * exception. Only those sites pay for the argument array; timing-only sites use {@link TimingAdvice}.
 */
public final class CallAdvice {
    private CallAdvice() {
    }

    /** Method entry: null, a {@code Proceed} (run the body) or an {@link Outcome} (skip it). */
    @Advice.OnMethodEnter(skipOn = Outcome.class, suppress = Throwable.class)
    public static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
                               @Advice.AllArguments Object[] args) {
        return Hooks.invoke(site, self, args);
    }

    /**
     * Method exit. The hook runs first, so the nesting guard is always unwound; then, for an outcome, the
     * exception is assigned before the value: should the value not fit the return type (an agent bug),
     * the suppressed cast leaves the call returning the default value rather than reaching the host as a
     * ClassCastException.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site, @Advice.Enter Object call,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (call instanceof Outcome) {
            Outcome outcome = (Outcome) call;
            Hooks.exitCall(site, call, outcome.value(), outcome.thrown());
            thrown = outcome.thrown();
            if (thrown == null) {
                returned = outcome.value();
            }
        } else {
            Hooks.exitCall(site, call, thrown == null ? returned : null, thrown);
        }
    }
}
