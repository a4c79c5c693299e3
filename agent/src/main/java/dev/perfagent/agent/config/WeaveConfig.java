package dev.perfagent.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code weave} section: how classes are transformed.
 *
 * @param retransformBatchSize  classes per retransformation batch on attach, at least 1
 * @param retransformPause      pause between batches, so attaching does not stall the host
 * @param unmatchedWarningAfter how long after start-up to warn about rules that matched nothing;
 *                              zero turns the warning off
 * @param exclude               class patterns ({@code ClassPattern} syntax) never woven
 */
public record WeaveConfig(int retransformBatchSize, Duration retransformPause, Duration unmatchedWarningAfter,
                          List<String> exclude) {

    /** Checks the arguments and copies the list. */
    public WeaveConfig {
        if (retransformBatchSize < 1) {
            throw new IllegalArgumentException("retransformBatchSize < 1: " + retransformBatchSize);
        }
        Objects.requireNonNull(retransformPause, "retransformPause");
        Objects.requireNonNull(unmatchedWarningAfter, "unmatchedWarningAfter");
        exclude = List.copyOf(exclude);
    }

    /** Batches of 50 with 10ms pauses, warning after 30s, nothing excluded. */
    public static WeaveConfig defaults() {
        return new WeaveConfig(50, Duration.ofMillis(10), Duration.ofSeconds(30), List.of());
    }
}
