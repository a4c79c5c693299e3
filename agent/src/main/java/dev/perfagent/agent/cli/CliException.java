package dev.perfagent.agent.cli;

/** A command failed for a reason the user can act on; its message is printed as one line. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
