package dev.perfagent.instrumentation;

import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.bootstrap.Outcome;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link CallAdvice} for sites whose layers read neither the arguments nor the return value (a breaker, a
 * limit, a rate limit): the entry passes the receiver only and the exit passes no value, so a woven call
 * makes no argument array and boxes no primitive. A layer's {@link Outcome} still replaces the body and its
 * value is still returned (a breaker's fallback constant).
 */
public final class ValuelessCallAdvice {
    private ValuelessCallAdvice() {
    }

    /** Method entry: null, a {@code Proceed} (run the body) or an {@link Outcome} (skip it). */
    @Advice.OnMethodEnter(skipOn = Outcome.class, suppress = Throwable.class)
    public static Object enter(@SiteId int site, @Advice.This(optional = true) Object self) {
        return Hooks.invoke(site, self, null);
    }

    /**
     * Method exit: as {@link CallAdvice#exit}, but the body's return value is not handed to the hook, so the
     * JIT drops the box the dynamic typing makes of a primitive. (Repeated rather than shared: advice code is
     * copied into each woven method, and what differs is one argument of the hook call.)
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
            Hooks.exitCall(site, call, null, thrown);
        }
    }
}
