package dev.perfagent.agent.simulate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The exception a replayed call ends with: an instance of the class the trace names when this JVM can
 * make one (the JDK's own, such as {@code java.net.SocketTimeoutException}), so the breaker's exception
 * lists match it as they would in the service; otherwise a {@link RecordedFailure} that carries the name.
 */
final class TraceFailures {
    private static final ConcurrentMap<String, Throwable> MADE = new ConcurrentHashMap<>();

    private TraceFailures() {
    }

    static Throwable of(TraceOutcome outcome) {
        String name = outcome.exceptionClass().orElse(null);
        if (name == null) {
            return new RecordedFailure("failure");
        }
        return MADE.computeIfAbsent(name, TraceFailures::make);
    }

    /** Whether the replay could make an instance of the class named (else the lists cannot match it). */
    static boolean canMake(String className) {
        return !(of(TraceOutcome.exception(className)) instanceof RecordedFailure);
    }

    private static Throwable make(String name) {
        try {
            Class<?> type = Class.forName(name, false, TraceFailures.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(type)) {
                return (Throwable) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Not a class of this JVM, or no public no-argument constructor: keep the name only.
        }
        return new RecordedFailure(name);
    }

    /** A failure the replay cannot make an instance of: it counts as a failure unless the lists ignore all. */
    static final class RecordedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RecordedFailure(String what) {
            super(what, null, false, false);
        }
    }
}
