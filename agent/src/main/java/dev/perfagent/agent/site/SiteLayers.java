package dev.perfagent.agent.site;

import dev.perfagent.agent.config.BatchConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.DeviceMemory;
import dev.perfagent.agent.layer.rate.RateLimitLayer;
import dev.perfagent.agent.layer.rate.Sleeper;
import dev.perfagent.agent.layer.limit.ConcurrencyLimitLayer;
import dev.perfagent.agent.layer.breaker.CircuitBreakerLayer;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.layer.observe.KeyObservationLayer;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Builds a site's chain of call layers from its rule; the chain puts them in their fixed order. */
final class SiteLayers {

    private SiteLayers() {
    }

    /**
     * @param batchAdapter how calls merge, when the rule batches and the method has a batch form; else null
     * @param deviceMemory the memory of the device batches run on (memory-aware batching)
     * @param faults       told about exceptions that escape a layer
     */
    static LayerChain build(RuleConfig rule, LayerTarget target, BatchAdapter batchAdapter, DeviceMemory deviceMemory,
                            Ticker ticker, AgentLog log, Consumer<Throwable> faults) {
        List<CallLayer> layers = layers(rule, target, batchAdapter, deviceMemory, ticker, log, kind -> true);
        return layers.isEmpty() ? LayerChain.EMPTY : new LayerChain(layers, faults, ticker);
    }

    /**
     * The layers of {@code rule} whose kind {@code wanted} accepts (a reload builds only those whose
     * settings changed).
     */
    static List<CallLayer> layers(RuleConfig rule, LayerTarget target, BatchAdapter batchAdapter,
                                  DeviceMemory deviceMemory, Ticker ticker, AgentLog log,
                                  Predicate<LayerKind> wanted) {
        List<CallLayer> layers = new ArrayList<>();

        rule.rateLimit().filter(c -> wanted.test(LayerKind.RATE_LIMIT)).ifPresent(limit -> layers.add(
                new RateLimitLayer(target.method(), limit.settings(), ticker, Sleeper.parking())));

        rule.concurrencyLimit().filter(c -> wanted.test(LayerKind.CONCURRENCY_LIMIT))
                .flatMap(limit -> ConcurrencyLimitLayer.create(target, limit.limiter(), limit.partitionBy(),
                        limit.droppedOn(), ticker, log))
                .ifPresent(layers::add);

        rule.circuitBreaker().filter(c -> wanted.test(LayerKind.CIRCUIT_BREAKER))
                .ifPresent(breaker -> layers.add(new CircuitBreakerLayer(target, breaker.settings(), breaker.fallback(),
                        ticker, log)));

        rule.cache().filter(c -> wanted.test(LayerKind.CACHE))
                .ifPresent(cache -> layers.add(new CacheLayer(cache.settings(), target, ticker, log)));

        rule.observeKeys().filter(c -> wanted.test(LayerKind.KEY_OBSERVATION))
                .ifPresent(keys -> layers.add(new KeyObservationLayer(target.method(), keys, log)));

        if (batchAdapter != null && rule.batch().isPresent() && wanted.test(LayerKind.BATCH)) {
            BatchConfig batch = rule.batch().get();
            layers.add(new BatchLayer(target.rule(), target.method(), batchAdapter, batch.settings(),
                    batch.executors(), batch.delay(), ticker, log, deviceMemory));
        }
        return layers;
    }
}
