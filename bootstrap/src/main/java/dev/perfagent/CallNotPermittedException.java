package dev.perfagent;

/**
 * Thrown into the application by perf-agent's circuit breaker when it does not let a call through: the
 * breaker is open (the dependency failed or was slow too often and is left alone for a while), or it is
 * half-open and all its trial calls are already out. Only thrown when the rule gives no {@code fallback}.
 * The message names the rule and the method, the state, and about how long the breaker stays open.
 *
 * <p>A {@link CallRejectedException}, so a host that handles perf-agent's refusals in one place catches it
 * there too; unchecked, and without a stack trace (it is thrown often and the trace would only show the
 * agent). Lives in the bootstrap class loader, so any application class can name it.
 */
public class CallNotPermittedException extends CallRejectedException {
    private static final long serialVersionUID = 1L;

    /** @param message says which breaker refused the call, on which method, its state and until about when */
    public CallNotPermittedException(String message) {
        super(message);
    }
}
