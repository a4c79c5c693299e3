package dev.perfagent.bench;

import java.util.List;

/**
 * One run of {@link BatchingBenchmark}: what was launched and what came of it.
 *
 * @param command the command line(s) launched, for the record
 * @param result the figures, or null
 * @param failure why there are none, or null
 * @param agentWarnings perf-agent's {@code WARN} lines, worth showing beside the figures
 */
record Attempt(String command, LoadResult result, String failure, List<String> agentWarnings) {

    static Attempt failed(String command, String failure) {
        return new Attempt(command, null, failure, List.of());
    }

    /** @return this attempt, failed with {@code failure} */
    Attempt fail(String why) {
        return new Attempt(command, result, why, agentWarnings);
    }
}
