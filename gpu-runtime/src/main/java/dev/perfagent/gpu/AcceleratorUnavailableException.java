package dev.perfagent.gpu;

/** An accelerator cannot be used here; the message is the one-line reason (no driver, no device, ...). */
public final class AcceleratorUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason one line that says why, for the agent's log and /status */
    public AcceleratorUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
