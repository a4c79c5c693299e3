package dev.perfagent.agent;

import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.BatchConfig;
import dev.perfagent.agent.config.CacheConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.site.RuleSelector;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.List;
import java.util.Objects;

/**
 * What a reloaded config changes, and so how it can be applied: not at all, by swapping the layers of
 * the sites already woven (calls in flight finish with the old layers), or only by weaving again.
 */
enum ConfigChange {
    /** The same effective config (a comment, a reformatting). */
    NONE,
    /** Only the settings of call layers changed (cache, breaker, limits, batch sizes): swap them in place. */
    LAYERS,
    /** What is woven, or how, or the agent's own set-up changed: restore the classes and weave again. */
    RESTART;

    /** How {@code next} differs from {@code current}. */
    static ConfigChange between(AgentConfig current, AgentConfig next) {
        if (!current.service().equals(next.service()) || current.enabled() != next.enabled()
                || !current.log().equals(next.log()) || !current.export().equals(next.export())
                || !current.weave().equals(next.weave()) || !current.reload().equals(next.reload())
                || !current.profiling().equals(next.profiling()) || !current.report().equals(next.report())) {
            return RESTART;
        }
        List<RuleConfig> before = current.rules();
        List<RuleConfig> after = next.rules();
        if (before.size() != after.size()) {
            return RESTART;
        }
        boolean layers = false;
        for (int i = 0; i < before.size(); i++) {
            RuleConfig a = before.get(i);
            RuleConfig b = after.get(i);
            if (!a.name().equals(b.name()) || !a.match().equals(b.match()) || !a.time().equals(b.time())
                    // A site woven with the timing advice cannot get call layers without weaving again,
                    || !a.actsOnCalls() && b.actsOnCalls()
                    // nor hand the layers arguments and results it was woven not to pass,
                    || !a.readsValues() && b.readsValues()
                    // and the batch form was found and checked when the class was woven.
                    || !Objects.equals(a.batch().flatMap(BatchConfig::via), b.batch().flatMap(BatchConfig::via))
                    || a.batch().isPresent() != b.batch().isPresent()
                    // and the methods whose return clears a cache are woven for it.
                    || !invalidateOn(a).equals(invalidateOn(b))
                    // and where ONNX Runtime sessions are created, for the replicas of a batched OrtSession#run.
                    || RuleSelector.capturesModels(a) != RuleSelector.capturesModels(b)) {
                return RESTART;
            }
            for (LayerKind kind : LayerKind.values()) {
                layers |= !a.layerConfig(kind).equals(b.layerConfig(kind));
            }
        }
        return layers ? LAYERS : NONE;
    }

    private static List<MethodPattern> invalidateOn(RuleConfig rule) {
        return rule.cache().map(CacheConfig::invalidateOn).orElse(List.of());
    }
}
