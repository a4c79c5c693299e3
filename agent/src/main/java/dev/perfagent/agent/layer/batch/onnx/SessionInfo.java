package dev.perfagent.agent.layer.batch.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the adapter needs to know about one {@code OrtSession}, read once from its input and output info:
 * which inputs are open along dimension 0 (a model exported with a fixed batch size cannot take a merged
 * tensor), which outputs can be split back by rows, and the session's output names, in the model's order,
 * which {@code run(Map)} requests.
 *
 * <p>Thread-safe: immutable but for {@link #unbatchable}, set once a merged run gave an output that did not
 * split.
 */
final class SessionInfo {
    private final OnnxReflection ort;
    /** Input name to why it cannot be merged, or to null when it can. */
    private final Map<String, String> inputs;
    /** Output name to why it cannot be split, or to null when it can. */
    private final Map<String, String> outputs;
    private final Set<?> outputNames;
    private final List<String> outputOrder;
    private final String[] sortedOutputs;
    private volatile String unbatchable;

    private SessionInfo(OnnxReflection ort, Map<String, String> inputs, Map<String, String> outputs, Set<?> outputNames,
                        String unbatchable) {
        this.ort = ort;
        this.inputs = inputs;
        this.outputs = outputs;
        this.outputNames = outputNames;
        List<String> order = new ArrayList<>();
        for (Object name : outputNames) {
            order.add((String) name);
        }
        this.outputOrder = Collections.unmodifiableList(order);
        this.sortedOutputs = order.toArray(new String[0]);
        Arrays.sort(sortedOutputs);
        this.unbatchable = unbatchable;
    }

    /** A session whose calls are never batched, for {@code reason} (e.g. an ONNX Runtime API the adapter does not know). */
    static SessionInfo unusable(String reason) {
        return new SessionInfo(null, Map.of(), Map.of(), Set.of(), reason);
    }

    /** Reads the facts of {@code session}; throws what ONNX Runtime throws (a closed session). */
    static SessionInfo read(Object session, OnnxReflection ort) throws Throwable {
        Map<String, String> inputs = new HashMap<>();
        for (Map.Entry<?, ?> input : ort.inputInfo(session).entrySet()) {
            String name = (String) input.getKey();
            inputs.put(name, problem(ort, "input", name, ort.valueInfo(input.getValue()), false));
        }
        Map<String, String> outputs = new HashMap<>();
        for (Map.Entry<?, ?> output : ort.outputInfo(session).entrySet()) {
            String name = (String) output.getKey();
            outputs.put(name, problem(ort, "output", name, ort.valueInfo(output.getValue()), true));
        }
        return new SessionInfo(ort, inputs, outputs, ort.outputNames(session), null);
    }

    private static String problem(OnnxReflection ort, String kind, String name, Object valueInfo, boolean checkType)
            throws Throwable {
        if (!ort.isTensorInfo(valueInfo)) {
            return kind + " '" + name + "' of the model is not a tensor";
        }
        long[] shape = ort.shape(valueInfo);
        if (shape.length == 0) {
            return kind + " '" + name + "' of the model is a scalar";
        }
        if (shape[0] >= 0) {
            return kind + " '" + name + "' of the model has a fixed dimension 0 (shape " + Arrays.toString(shape) + ")";
        }
        Object type = ort.type(valueInfo);
        if (checkType && !ort.isFixedSize(type)) {
            return kind + " '" + name + "' of the model has element type " + type;
        }
        return null;
    }

    /** The ONNX Runtime API of the session's class loader; null when {@link #unbatchable} says it is unusable. */
    OnnxReflection ort() {
        return ort;
    }

    /** Whether the model has an input of this name. */
    boolean hasInput(String name) {
        return inputs.containsKey(name);
    }

    /** Why input {@code name} cannot be merged along dimension 0, or null when it can. */
    String inputProblem(String name) {
        return inputs.get(name);
    }

    /** Whether the model has an output of this name. */
    boolean hasOutput(String name) {
        return outputs.containsKey(name);
    }

    /** Why output {@code name} cannot be split by rows, or null when it can. */
    String outputProblem(String name) {
        return outputs.get(name);
    }

    /** The session's own output name set: what {@code run(Map)} passes on. */
    Set<?> outputNames() {
        return outputNames;
    }

    /** The output names in the model's order. */
    List<String> outputOrder() {
        return outputOrder;
    }

    /** All output names, sorted: the requested outputs of {@code run(Map)} as a queue key holds them. */
    String[] sortedOutputs() {
        return sortedOutputs.clone();
    }

    /** Why this session's calls are no longer batched, or null. */
    String unbatchable() {
        return unbatchable;
    }

    /** Stops batching this session's calls, for {@code reason}. */
    void markUnbatchable(String reason) {
        unbatchable = reason;
    }
}
