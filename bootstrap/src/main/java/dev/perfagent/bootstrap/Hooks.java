package dev.perfagent.bootstrap;

import java.util.function.Function;

/**
 * The static entry points that woven code calls. On the bootstrap class path, so code in any class
 * loader can reach it; it holds the only mutable static state of perf-agent: the installed
 * {@link Dispatcher}, the agent that owns this JVM, and that agent's control function.
 *
 * <p>Never throws: a fault inside the agent is reported to the dispatcher and swallowed, so the
 * application's method runs as if the agent were absent.
 */
public final class Hooks {

    /** Token: this call is not tracked (no dispatcher, unknown site, or a fault on entry). */
    public static final long UNTRACKED = 0L;
    /** Token: a nested call of a site already active on this thread. */
    public static final long NESTED = 1L;

    private static volatile Dispatcher dispatcher = Dispatcher.NONE;
    private static volatile Object owner;
    private static volatile Function<String, String> control;

    private static final ThreadLocal<CallDepth> DEPTH = new ThreadLocal<CallDepth>() {
        @Override
        protected CallDepth initialValue() {
            return new CallDepth();
        }
    };

    private Hooks() {
    }

    /** Woven method entry: returns the token the matching {@link #exit} gets. */
    public static long enter(int site) {
        Dispatcher d = dispatcher;
        if (d == Dispatcher.NONE) {
            return UNTRACKED;
        }
        CallDepth depth = null;
        try {
            depth = DEPTH.get();
            if (!depth.enter(site)) {
                return NESTED;
            }
            long token = d.enter(site);
            if (token == UNTRACKED || token == NESTED) {
                depth.exit(site);
                return UNTRACKED;
            }
            return token;
        } catch (Throwable t) {
            if (depth != null) {
                depth.exit(site);
            }
            report(d, site, t);
            return UNTRACKED;
        }
    }

    /** Woven method exit, normal or exceptional; {@code thrown} is the exception, if any. */
    public static void exit(int site, long token, Throwable thrown) {
        if (token == UNTRACKED) {
            return;
        }
        Dispatcher d = dispatcher;
        try {
            DEPTH.get().exit(site);
            if (token != NESTED) {
                d.exit(site, token, thrown);
            }
        } catch (Throwable t) {
            report(d, site, t);
        }
    }

    /**
     * Woven method entry for sites whose layers act on the call ({@link Dispatcher#call}).
     *
     * @return null when nothing is tracked (the body runs, the exit does nothing); a {@link Proceed} when
     *     the body runs as usual; an {@link Outcome} when a layer replaced the body (the woven method
     *     skips it and returns or throws what the outcome says)
     */
    public static Object invoke(int site, Object self, Object[] args) {
        Dispatcher d = dispatcher;
        if (d == Dispatcher.NONE) {
            return null;
        }
        CallDepth depth = null;
        boolean entered = false;
        try {
            depth = DEPTH.get();
            if (!depth.enter(site)) {
                return Proceed.NESTED;
            }
            entered = true;
            long token = d.enter(site);
            if (token == UNTRACKED || token == NESTED) {
                depth.exit(site);
                return null;
            }
            Object call = d.call(site, token, self, args);
            if (call instanceof Outcome) {
                depth.token(site, token); // outcomes may be shared: the token waits in the thread's depth
                return call;
            }
            if (call instanceof Proceed) {
                return call; // the agent's own per-call state, made with this token
            }
            return new Proceed(token, call);
        } catch (Throwable t) {
            if (entered) {
                depth.exit(site);
            }
            report(d, site, t);
            return null;
        }
    }

    /**
     * Exit matching {@link #invoke}: {@code call} is what it returned, {@code returned} and {@code thrown}
     * what the call returns or throws (the body's or the outcome's).
     */
    public static void exitCall(int site, Object call, Object returned, Throwable thrown) {
        if (call == null) {
            return;
        }
        Dispatcher d = dispatcher;
        try {
            CallDepth depth = DEPTH.get();
            depth.exit(site);
            if (call instanceof Outcome) {
                d.exitCall(site, depth.token(site), null, returned, thrown);
            } else {
                Proceed proceed = (Proceed) call;
                if (proceed.token != NESTED) {
                    d.exitCall(site, proceed.token, proceed.getClass() == Proceed.class ? proceed.state : proceed,
                            returned, thrown);
                }
            }
        } catch (Throwable t) {
            report(d, site, t);
        }
    }

    /**
     * Entry for constructors: their exit advice cannot see exceptions, so the depth guard (which
     * needs a guaranteed exit) is not used and a nested constructor call is timed on its own.
     */
    public static long enterUnguarded(int site) {
        Dispatcher d = dispatcher;
        try {
            long token = d.enter(site);
            return token == NESTED ? UNTRACKED : token;
        } catch (Throwable t) {
            report(d, site, t);
            return UNTRACKED;
        }
    }

    /** Exit matching {@link #enterUnguarded}. */
    public static void exitUnguarded(int site, long token, Throwable thrown) {
        if (token == UNTRACKED) {
            return;
        }
        Dispatcher d = dispatcher;
        try {
            d.exit(site, token, thrown);
        } catch (Throwable t) {
            report(d, site, t);
        }
    }

    private static void report(Dispatcher d, int site, Throwable fault) {
        try {
            d.fault(site, fault);
        } catch (Throwable ignored) {
            // Nothing more can be done without risking the host.
        }
    }

    /** Installs the dispatcher woven code calls; {@code null} means {@link Dispatcher#NONE}. */
    public static void install(Dispatcher next) {
        dispatcher = next == null ? Dispatcher.NONE : next;
    }

    /** The installed dispatcher. */
    public static Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Claims this JVM for one agent instance.
     *
     * @return true if {@code candidate} is now the owner; false if another agent already owns the JVM
     */
    public static synchronized boolean claim(Object candidate) {
        if (owner != null) {
            return false;
        }
        owner = candidate;
        return true;
    }

    /** The agent instance that owns this JVM, or null. */
    public static Object owner() {
        return owner;
    }

    /** Gives up ownership if {@code current} holds it, and forgets its control function. */
    public static synchronized void release(Object current) {
        if (owner == current) {
            owner = null;
            control = null;
            dispatcher = Dispatcher.NONE;
        }
    }

    /** Publishes the running agent's control function (commands such as "status", "detach"). */
    public static void control(Function<String, String> function) {
        control = function;
    }

    /** The running agent's control function, or null when none runs. */
    public static Function<String, String> control() {
        return control;
    }
}
