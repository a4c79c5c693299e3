package dev.perfagent.agent.layer.observe;

import dev.perfagent.agent.advise.sites.KeyObserver;
import dev.perfagent.agent.advise.sites.ShadowCache;
import dev.perfagent.agent.advise.sites.ShadowCacheFigures;
import dev.perfagent.agent.config.ObserveKeysConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rule's {@code observe-keys}: every call's argument key goes to a {@link ShadowCache} of the proposed size,
 * and the call goes on untouched. The advisor reads the shadow's hits to say whether a cache would pay
 * ({@code cache-worthy}); {@code /metrics} shows them as {@code perfagent_observe_keys_*}.
 *
 * <p>Runs on application threads, concurrently; never throws (the observer catches a key that cannot be
 * hashed), never ends a call.
 */
public final class KeyObservationLayer implements CallLayer, LayerMetrics {
    private final ObserveKeysConfig config;
    private final KeyObserver observer;

    /**
     * @param method the site's method, for the log
     * @param config the proposed cache size, the key sample and whether keys are shared across receivers
     * @param log    where keys that cannot be hashed are reported
     */
    public KeyObservationLayer(String method, ObserveKeysConfig config, AgentLog log) {
        this.config = config;
        this.observer = new KeyObserver(method, new ShadowCache(config.maxSize(), config.sampleRate()),
                !config.shared(), log);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.KEY_OBSERVATION;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        observer.observe(call.self(), call.args());
        return null;
    }

    /** The shadow's lookups and hits since the layer was made; monotonic. */
    public ShadowCacheFigures shadowFigures() {
        return observer.figures();
    }

    @Override
    public String layer() {
        return LayerKind.KEY_OBSERVATION.metricName();
    }

    @Override
    public List<LayerFigure> figures() {
        ShadowCacheFigures shadow = observer.figures();
        return List.of(
                LayerFigure.counter("lookups", "Sampled calls whose key was looked up in the shadow cache.",
                        shadow.lookups()),
                LayerFigure.counter("hits", "Sampled calls a cache of the proposed size would have answered.",
                        shadow.hits()),
                LayerFigure.counter("key_faults", "Calls whose arguments could not be hashed (skipped).",
                        observer.faults()));
    }

    @Override
    public Map<String, String> states() {
        return Map.of("proposed", String.format(Locale.ROOT, "max-size %d, key-sample %s%%, shared %s",
                config.maxSize(), trim(config.sampleRate() * 100), config.shared()));
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
