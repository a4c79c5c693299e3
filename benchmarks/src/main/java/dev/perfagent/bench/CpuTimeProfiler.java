package dev.perfagent.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.perfagent.bench.CpuTimeProfiler}) that divides the fork's CPU time by
 * the operations of each iteration, the way {@code -prof gc} divides allocated bytes.
 *
 * <ul>
 *   <li>{@code cpu.time.norm} (ns/op): process CPU time per operation. For a CPU-bound benchmark whose
 *       threads run undisturbed it equals the average time per operation per thread; unlike wall time
 *       it does not grow while other processes hold the CPU, so it stays usable on a shared machine.
 *   <li>{@code cpu.share}: process CPU time / (wall time × benchmark threads). 1.0 means the benchmark
 *       threads were never descheduled; much less means the wall-clock score is inflated by other load.
 * </ul>
 *
 * It counts every thread of the fork (JIT, GC, perf-agent's own threads), which in a warmed-up
 * iteration adds little; it does not remove slowdowns that are not descheduling, such as a busy
 * hyperthread sibling.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;
    private long wallBefore;

    @Override
    public String getDescription() {
        return "process CPU time per operation, and the share of wall time the benchmark threads ran";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallBefore = System.nanoTime();
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's signature
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", (double) cpu / wall / benchmarkParams.getThreads(), "ratio",
                        AggregationPolicy.AVG));
    }
}
