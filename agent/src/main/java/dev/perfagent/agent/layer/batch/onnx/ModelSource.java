package dev.perfagent.agent.layer.batch.onnx;

import java.util.Map;

/**
 * What an {@code OrtSession} was created from, seen as the host created it (see {@link ModelCaptureLayer}):
 * enough to open more sessions over the same model.
 *
 * @param model         the model: a path ({@code String}), its bytes ({@code byte[]}, the host's array, not a
 *                      copy) or a direct {@code ByteBuffer} (a duplicate, positioned as the host passed it)
 * @param configEntries the {@code SessionOptions} config entries the host set; the options themselves are not
 *                      kept (hosts close them once the session is open, and most of their settings cannot be
 *                      read back)
 */
record ModelSource(Object model, Map<String, String> configEntries) {

    /** Copies the map. */
    ModelSource {
        configEntries = Map.copyOf(configEntries);
    }
}
