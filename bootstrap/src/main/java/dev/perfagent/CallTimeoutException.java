package dev.perfagent;

/**
 * Thrown into the application when a call waited in a perf-agent layer (a batch queue) for longer than
 * the {@code timeout} the config sets. The method itself may still run for that call's input; its
 * result is dropped. Lives in the bootstrap class loader, so any application class can name it.
 */
public class CallTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message says which layer timed the call out, on which method, and after how long */
    public CallTimeoutException(String message) {
        super(message, null, false, false);
    }
}
