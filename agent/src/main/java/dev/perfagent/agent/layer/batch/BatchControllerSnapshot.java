package dev.perfagent.agent.layer.batch;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link BatchController} is doing, at one moment, for {@code /status} and metrics. Plain values.
 *
 * @param cap                the batch cap in force: {@code min(modelCap, aimdCap)} with an SLO, else max-size
 * @param modelCap           the largest size the cost model says fits the SLO (max-size without an SLO)
 * @param aimdCap            the AIMD safety net's ceiling (max-size until the first cut)
 * @param delayNanos         moving average of the waits decided for partial batches (0 without an SLO)
 * @param costInterceptNanos fitted fixed cost of a batch, {@code a}
 * @param costPerItemNanos   fitted cost per item, {@code b}
 * @param tailRatio          the cost model's tail margin (p99 of observed / predicted service time)
 * @param costSamples        batches the cost model has seen
 * @param arrivalsPerSecond  estimated arrival rate (0 without an SLO, or before two arrivals)
 * @param observedP99Nanos   p99 of end-to-end latency in the last evaluated window (0 before the first)
 * @param slo                the latency objective, if any
 */
public record BatchControllerSnapshot(int cap, int modelCap, int aimdCap, long delayNanos,
                                      double costInterceptNanos, double costPerItemNanos, double tailRatio,
                                      long costSamples, double arrivalsPerSecond, long observedP99Nanos,
                                      Optional<Duration> slo) {
}
