package dev.perfagent.it.harness;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What a short command did: exit code and its whole stdout and stderr. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Non-blank stdout lines. */
    public List<String> stdoutLines() {
        return lines(stdout);
    }

    /** Non-blank stderr lines. */
    public List<String> stderrLines() {
        return lines(stderr);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    /** For assertion messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n"
                + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
