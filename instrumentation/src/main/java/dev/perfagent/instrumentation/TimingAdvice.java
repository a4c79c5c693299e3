package dev.perfagent.instrumentation;

import dev.perfagent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into every timed method. It only passes a constant site id and a {@code long}
 * token to {@link Hooks}: no allocation, no argument array, no lock. Both halves suppress every
 * throwable so that a fault in the agent can never reach the application.
 */
public final class TimingAdvice {
    private TimingAdvice() {
    }

    /** Method entry: returns the token the exit gets. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@SiteId int site) {
        return Hooks.enter(site);
    }

    /** Method exit, normal or by an exception (which stays the method's own: it is only observed). */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site, @Advice.Enter long token, @Advice.Thrown Throwable thrown) {
        Hooks.exit(site, token, thrown);
    }
}
