package dev.perfagent.bench;

import java.io.IOException;
import java.nio.file.Path;

/** How {@link BatchingBenchmark} runs one configuration under one load: in-process or over HTTP. */
interface BatchingRunner {

    /** The failure of an agent run whose model never saw a {@code scoreBatch} call. */
    String NEVER_BATCHED = "perf-agent ran without an error, but the model's scoreBatch was never called in the"
            + " measured period: the batch rule did not take (is the batch layer in this agent build?)";

    /** @return whether each load has its own ceiling run (HTTP), or one serves all (in-process) */
    boolean ceilingPerLoad();

    /** @return the ceiling's row label */
    String ceilingLabel();

    /**
     * @param load the load to measure the ceiling under, or null for the reference ceiling that
     *     open-loop rates are fractions of
     * @param referenceCeiling the reference ceiling's items/s; NaN while it is being measured
     */
    Attempt ceiling(LoadShape load, double referenceCeiling) throws IOException, InterruptedException;

    /**
     * @param config the generated perf-agent config, or null to run without the agent
     * @param referenceCeiling items/s that open-loop rates are fractions of
     */
    Attempt run(BatchConfiguration configuration, Path config, LoadShape load, double referenceCeiling)
            throws IOException, InterruptedException;

    /** @return {@code -javaagent:AGENT=config=FILE} */
    static String agentOption(BatchingOptions options, Path config) {
        return "-javaagent:" + options.agent.toAbsolutePath() + "=config=" + config.toAbsolutePath();
    }
}
