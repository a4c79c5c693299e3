package dev.perfagent.instrumentation;

import dev.perfagent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Timing advice for constructors, woven only where a rule names {@code <init>}. The JVM does not let
 * advice catch an exception thrown by a constructor, so only normal completions are recorded.
 */
public final class ConstructorTimingAdvice {
    private ConstructorTimingAdvice() {
    }

    /** Constructor entry. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@SiteId int site) {
        return Hooks.enterUnguarded(site);
    }

    /** Normal constructor completion. */
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@SiteId int site, @Advice.Enter long token) {
        Hooks.exitUnguarded(site, token, null);
    }
}
