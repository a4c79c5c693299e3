package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Stacked on {@code OrtEnvironment#createSession(model[, SessionOptions])} where a rule asks for ONNX Runtime
 * replicas: when the call returns a session, it remembers the model and the options' config entries
 * ({@link ModelSource}), read while the host's options are still open. Nothing else about the call changes.
 *
 * <p>Runs on the host's thread once per session created; never throws (a value it cannot read leaves the
 * session without a source, and its replicas are not made).
 */
public final class ModelCaptureLayer implements CallLayer {
    private final OnnxSessions sessions;

    ModelCaptureLayer(OnnxSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.MODEL_CAPTURE;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        return null;
    }

    @Override
    public void exit(LayeredCall call, Object returned, Throwable thrown) {
        Object[] args = call.args();
        if (thrown != null || returned == null || args.length == 0) {
            return;
        }
        Object model = args[0];
        if (model instanceof ByteBuffer) {
            model = ((ByteBuffer) model).duplicate();   // the host may move its position later
        } else if (!(model instanceof String) && !(model instanceof byte[])) {
            return;
        }
        Map<String, String> entries = Map.of();
        if (args.length > 1 && args[1] != null) {
            try {
                entries = sessions.api(returned.getClass().getClassLoader()).configEntries(args[1]);
            } catch (Throwable t) {
                return;   // an ONNX Runtime perf-agent does not know: no replicas for this session
            }
        }
        sessions.created(returned, new ModelSource(model, entries));
    }
}
