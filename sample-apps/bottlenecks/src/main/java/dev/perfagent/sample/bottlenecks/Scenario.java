package dev.perfagent.sample.bottlenecks;

/**
 * One workload with one known bottleneck. {@link Main} calls {@link #request()} in a loop on every request
 * thread and counts the calls as the work done; everything a request does besides the bottleneck is kept
 * cheap so the bottleneck stands out in any profile.
 *
 * <p>Implementations are thread-safe: {@link #request()} runs on many threads at once.
 */
interface Scenario extends AutoCloseable {

    /** One unit of work; counted as one op. */
    void request() throws Exception;

    /** Extra fields for the per-second JSON line, each with a leading comma ({@code ,"retainedKb":12}). */
    default String reportJson() {
        return "";
    }

    /** Stops the scenario's own threads and servers, if it has any. */
    @Override
    default void close() throws Exception {
    }
}
