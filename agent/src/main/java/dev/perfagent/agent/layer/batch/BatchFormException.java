package dev.perfagent.agent.layer.batch;

/** A rule's {@code batch.via} does not fit the matched method; the message says how. */
public final class BatchFormException extends Exception {
    private static final long serialVersionUID = 1L;

    BatchFormException(String message) {
        super(message);
    }
}
