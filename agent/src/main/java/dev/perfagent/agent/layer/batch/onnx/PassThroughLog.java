package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.log.AgentLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says once per reason, for the whole agent, why some {@code OrtSession#run} calls run unbatched: the same
 * reason met on every call, and on every overload a call passes through, is one line in the log.
 */
final class PassThroughLog {
    /** Reasons name inputs and outputs, so they are few; the cap guards against a model with thousands. */
    private static final int MAX_REASONS = 1000;

    private final AgentLog log;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    PassThroughLog(AgentLog log) {
        this.log = log;
    }

    /**
     * Logs {@code reason} the first time it is given.
     *
     * @return null, the queue key of a call that runs unbatched
     */
    Object unbatched(String reason) {
        if (said.size() < MAX_REASONS && said.add(reason)) {
            log.info("OrtSession#run runs unbatched (" + reason + ")");
        }
        return null;
    }
}
