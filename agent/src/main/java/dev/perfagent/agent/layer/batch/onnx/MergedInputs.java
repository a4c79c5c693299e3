package dev.perfagent.agent.layer.batch.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs map of a run the adapter makes itself, and its mark. The leader runs a batch by calling
 * {@code run(Map, Set, Map, RunOptions)} on the session; where a rule also wove that overload, the call
 * re-enters the batch layer at another site, whose per-site nesting guard does not cover it. Seeing this map
 * there, the adapter lets the call through unbatched, and so does every overload it is handed on to, since
 * ONNX Runtime passes the same map object along. Unlike a thread-local flag, the mark needs no per-thread
 * state in application threads and cannot outlive the call.
 */
final class MergedInputs extends LinkedHashMap<String, Object> {

    MergedInputs(int inputs) {
        super(inputs * 2);
    }

    /** A marked copy of a caller's own inputs, for a batch of one. */
    MergedInputs(Map<?, ?> inputs) {
        super(inputs.size() * 2);
        for (Map.Entry<?, ?> entry : inputs.entrySet()) {
            put((String) entry.getKey(), entry.getValue());
        }
    }
}
