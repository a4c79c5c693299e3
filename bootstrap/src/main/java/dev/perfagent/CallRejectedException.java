package dev.perfagent;

/**
 * Thrown into the application by a perf-agent layer that refused a call: a full batch queue with
 * {@code when-full: reject}, a call shed because it could not finish within its latency objective, or
 * (later layers) a concurrency or rate limit. It is the only kind of exception a refusing layer throws,
 * so a host that wants to react to refusals can catch this one type. Lives in the bootstrap class
 * loader, so any application class can name it.
 */
public class CallRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message says which layer refused the call, on which method, and why */
    public CallRejectedException(String message) {
        super(message, null, false, false);
    }
}
