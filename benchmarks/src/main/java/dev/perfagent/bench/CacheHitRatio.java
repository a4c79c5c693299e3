package dev.perfagent.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.layer.cache.CacheSettings;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The cache layer's hit ratio (front table included) beside raw Caffeine's on the same traces: Zipf-distributed
 * keys (exponent 0.9), with or without scans (every fifth stretch of 5,000 calls a run of new keys), three seeds
 * per line, the layer driven through its {@link LayerChain} as the woven advice drives it. Prints one Markdown
 * table row per trace and bound. Not a timing: it counts hits.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.perfagent.bench.CacheHitRatio
 * </pre>
 */
public final class CacheHitRatio {
    private CacheHitRatio() {
    }

    /** {@code length} keys: Zipf over {@code keys} ranks (exponent {@code s}), scrambled, with scans if asked. */
    static long[] trace(int length, int keys, double s, Random random, boolean scans) {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        long[] trace = new long[length];
        long scanKey = 1L << 40;
        for (int i = 0; i < length; i++) {
            if (scans && (i / 5_000) % 5 == 4) {
                trace[i] = scanKey++;
            } else {
                int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                // Scrambled, so that popularity does not follow the keys' hash order.
                trace[i] = (rank < 0 ? -rank - 1 : rank) * 0x9E3779B97F4A7C15L;
            }
        }
        return trace;
    }

    /** Prints the table's rows. */
    public static void main(String[] args) {
        AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
        LayerTarget target = LayerTarget.of("r", "a.Service#find(java.lang.Long)", "java.lang.Object",
                List.of("java.lang.Long"));
        for (boolean scans : new boolean[] {true, false}) {
            for (int keys : new int[] {20_000, 200_000}) {
                for (int bound : new int[] {500, 5000}) {
                    double layerSum = 0;
                    double rawSum = 0;
                    StringBuilder each = new StringBuilder();
                    for (int seed = 0; seed < 3; seed++) {
                        long[] trace = trace(300_000, keys, 0.9, new Random(11 + seed), scans);
                        CacheLayer layer = new CacheLayer(CacheSettings.ofMaxSize(bound).withShared(true), target,
                                Ticker.SYSTEM, log);
                        LayerChain chain = new LayerChain(List.of(layer), Throwable::printStackTrace, Ticker.SYSTEM);
                        Cache<Object, Object> raw = Caffeine.newBuilder().maximumSize(bound)
                                .executor(Runnable::run).build();
                        long layerHits = 0;
                        long rawHits = 0;
                        for (long key : trace) {
                            Object entered = chain.enter(null, new Object[] {key}, 0);
                            if (entered instanceof LayeredCall) {
                                ((LayeredCall) entered).exit(key, null); // a miss: the body returns the key
                            } else {
                                layerHits++;
                            }
                            if (raw.getIfPresent(key) != null) {
                                rawHits++;
                            } else {
                                raw.put(key, key);
                            }
                        }
                        layer.close();
                        double layerRatio = (double) layerHits / trace.length;
                        double rawRatio = (double) rawHits / trace.length;
                        layerSum += layerRatio;
                        rawSum += rawRatio;
                        each.append(String.format(" %.3f/%.3f", layerRatio, rawRatio));
                    }
                    System.out.printf("| %s | %,d | %,d | %.4f | %.4f | %s |%n", scans ? "yes" : "no", keys, bound,
                            layerSum / 3, rawSum / 3, each.toString().trim());
                }
            }
        }
    }
}
