package dev.perfagent.agent.site;

import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Builds a site's chain of call layers from its rule; the chain puts them in their fixed order. */
final class SiteLayers {

    private SiteLayers() {
    }

    /**
     * @param batchAdapter how calls merge, when the rule batches and the method has a batch form; else null
     * @param faults       told about exceptions that escape a layer
     */
    static LayerChain build(RuleConfig rule, LayerTarget target, BatchAdapter batchAdapter, Ticker ticker,
                            AgentLog log, Consumer<Throwable> faults) {
        List<CallLayer> layers = new ArrayList<>();

        // rate-limit layer

        // concurrency-limit layer

        // circuit-breaker layer

        rule.cache().ifPresent(cache -> layers.add(new CacheLayer(cache.settings(), target, ticker, log)));

        if (batchAdapter != null && rule.batch().isPresent()) {
            layers.add(new BatchLayer(target.method(), batchAdapter, rule.batch().get().settings(),
                    rule.batch().get().delay(), ticker, log));
        }
        return layers.isEmpty() ? LayerChain.EMPTY : new LayerChain(layers, faults);
    }
}
