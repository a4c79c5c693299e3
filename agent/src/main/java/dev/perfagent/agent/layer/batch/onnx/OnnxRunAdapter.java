package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.ReceiverCopies;
import dev.perfagent.gpu.StagingSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Batches the calls of one {@code OrtSession#run} overload: calls on the same session that feed the same
 * inputs (same names, element types and shape past dimension 0) and ask for the same outputs share a queue;
 * a batch concatenates each input along dimension 0, runs once and gives each caller its own
 * {@code Result} ({@link OnnxBatchFunction}).
 *
 * <p>A call runs unbatched, and the reason is logged once, when the merged run could not honour it: it
 * passes {@code RunOptions} (a run tag, a log level, a termination flag belong to one call) or pinned outputs
 * (the caller's own output buffers); an input is not a dense tensor, or of a variable-size type
 * ({@code STRING}); the model fixes dimension 0 of an input, or of a requested output, or an output is not a
 * tensor; the call's inputs differ in their number of rows. Calls ONNX Runtime will reject (unknown names,
 * closed tensors, no outputs requested) also run unbatched, silently, to get ONNX Runtime's own exception.
 *
 * <p>The adapter's own runs ({@link MergedInputs}) pass straight through, whichever overload they re-enter.
 */
final class OnnxRunAdapter implements BatchAdapter {
    private final RunParameters parameters;
    private final OnnxSessions sessions;
    private final PassThroughLog log;
    private final StagingSource staging;
    private final BatchValueListener listener;

    OnnxRunAdapter(RunParameters parameters, OnnxSessions sessions, PassThroughLog log, StagingSource staging,
                   BatchValueListener listener) {
        this.parameters = parameters;
        this.sessions = sessions;
        this.log = log;
        this.staging = staging;
        this.listener = listener;
    }

    @Override
    public Object queueKey(Object self, Object[] args) {
        Object inputs = parameters.inputsOf(args);
        if (inputs instanceof MergedInputs || self == null || !(inputs instanceof Map)) {
            return null;
        }
        try {
            return key(self, (Map<?, ?>) inputs, args);
        } catch (Throwable t) {
            // Never into the host: the call runs as it would without the agent.
            return log.unbatched("perf-agent could not read the call (" + t.getClass().getName() + ")");
        }
    }

    private Object key(Object session, Map<?, ?> inputs, Object[] args) throws Throwable {
        if (parameters.optionsOf(args) != null) {
            return log.unbatched("RunOptions given");
        }
        Object pinned = parameters.pinnedOf(args);
        if (pinned instanceof Map && !((Map<?, ?>) pinned).isEmpty()) {
            return log.unbatched("pinned outputs given");
        }
        Object requested = parameters.outputsOf(args);
        if (inputs.isEmpty() || parameters.outputs() >= 0 && !(requested instanceof Set && !((Set<?>) requested).isEmpty())) {
            return null;
        }
        SessionInfo info;
        try {
            info = sessions.of(session);
        } catch (Throwable t) {
            return log.unbatched("the session's input and output info could not be read (" + t.getClass().getName() + ")");
        }
        if (info.unbatchable() != null) {
            return log.unbatched(info.unbatchable());
        }
        OnnxReflection ort = info.ort();
        int count = inputs.size();
        String[] names = new String[count];
        int i = 0;
        for (Object name : inputs.keySet()) {
            if (!(name instanceof String) || !info.hasInput((String) name)) {
                return null;
            }
            names[i++] = (String) name;
        }
        if (count > 1) {
            Arrays.sort(names);
        }
        Object[] types = new Object[count];
        long[][] trailing = new long[count][];
        int[] rowBytes = new int[count];
        long rows = -1;
        for (int j = 0; j < count; j++) {
            String name = names[j];
            String problem = info.inputProblem(name);
            if (problem != null) {
                return log.unbatched(problem);
            }
            Object tensor = inputs.get(name);
            if (!ort.isTensor(tensor)) {
                return log.unbatched("input '" + name + "' is not a dense OnnxTensor");
            }
            if (ort.isClosed(tensor)) {
                return null;
            }
            Object tensorInfo = ort.info(tensor);
            Object type = ort.type(tensorInfo);
            if (!ort.isFixedSize(type)) {
                return log.unbatched("input '" + name + "' has element type " + type);
            }
            long[] shape = ort.shape(tensorInfo);
            if (shape.length == 0) {
                return null;
            }
            if (shape[0] < 1) {
                return log.unbatched("an input has no rows");
            }
            if (rows >= 0 && shape[0] != rows) {
                return log.unbatched("the inputs differ in their number of rows");
            }
            rows = shape[0];
            long bytes = ort.size(type);
            for (int d = 1; d < shape.length; d++) {
                bytes *= shape[d];
            }
            if (bytes > Integer.MAX_VALUE / 2) {
                return log.unbatched("a row of input '" + name + "' is larger than 1 GiB");
            }
            types[j] = type;
            trailing[j] = Arrays.copyOfRange(shape, 1, shape.length);
            rowBytes[j] = (int) bytes;
        }
        String[] outputs = requested == null ? info.sortedOutputs() : requestedOutputs((Set<?>) requested, info);
        if (outputs == null) {
            return null;
        }
        for (String output : outputs) {
            String problem = info.outputProblem(output);
            if (problem != null) {
                return log.unbatched(problem);
            }
        }
        return new RunKey(names, types, trailing, rowBytes, outputs);
    }

    /** The requested names, sorted; null when one is not an output of the model (ONNX Runtime rejects it). */
    private static String[] requestedOutputs(Set<?> requested, SessionInfo info) {
        String[] names = new String[requested.size()];
        int i = 0;
        for (Object name : requested) {
            if (!(name instanceof String) || !info.hasOutput((String) name) || i == names.length) {
                return null;
            }
            names[i++] = (String) name;
        }
        if (i != names.length) {
            return null;
        }
        Arrays.sort(names);
        return names;
    }

    @Override
    public BatchFunction function(Object self, Object key) throws ReflectiveOperationException {
        SessionInfo info;
        try {
            info = sessions.of(self);
        } catch (Throwable t) {
            throw new ReflectiveOperationException("cannot read the session's info", t);
        }
        return new OnnxBatchFunction(self, info, (RunKey) key, parameters, staging, listener);
    }

    @Override
    public boolean copiesReceivers() {
        return true;
    }

    /** Opens {@code count} more sessions over the model of {@code self}: see {@link SessionReplicas}. */
    @Override
    public ReceiverCopies copy(Object self, int count) throws Exception {
        SessionInfo info;
        try {
            info = sessions.of(self);
        } catch (Throwable t) {
            throw new IllegalStateException("the session's info could not be read (" + t + ")");
        }
        if (info.ort() == null) {
            throw new IllegalStateException(info.unbatchable());
        }
        ModelSource source = sessions.sourceOf(self);
        if (source == null) {
            throw new IllegalStateException("the session was created before perf-agent watched"
                    + " OrtEnvironment#createSession (the agent attached later, or was still starting in the background"
                    + " when the application opened it), so its model cannot be loaded again");
        }
        try {
            return SessionReplicas.open(self, info, source, count, parameters, staging, listener);
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("opening a replica failed: " + t, t);
        }
    }

    @Override
    public String via() {
        return "onnxruntime: inputs concatenated along dimension 0, one run, outputs split by rows";
    }
}
