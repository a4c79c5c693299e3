package dev.perfagent.agent.layer.batch;

/**
 * A rule's {@code batch.via} does not fit the matched method, or a library adapter does not know it; the
 * message says how.
 */
public final class BatchFormException extends Exception {
    private static final long serialVersionUID = 1L;

    public BatchFormException(String message) {
        super(message);
    }
}
