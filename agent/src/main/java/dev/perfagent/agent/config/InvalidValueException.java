package dev.perfagent.agent.config;

/**
 * A scalar value does not fit its key. Checked, so every value parser says it can fail; cheap
 * (no stack trace) because validation throws it for every bad value in a file.
 */
final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Offset of the error inside the value text, or 0 for the value as a whole. */
    private final int offset;

    InvalidValueException(String message) {
        this(message, 0);
    }

    InvalidValueException(String message, int offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }
}
