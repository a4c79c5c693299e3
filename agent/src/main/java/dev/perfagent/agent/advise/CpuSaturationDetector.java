package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.CpuLoad;
import dev.perfagent.agent.advise.evidence.Throttling;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU as the limit: the JVM using most of the machine, the machine busy with other processes, or the
 * container's CPU quota throttling the JVM. The gain of more CPU is shown as the drop in queueing
 * delay, which grows like {@code ρ/(1-ρ)} as utilisation ρ approaches 1 (M/M/1).
 */
public final class CpuSaturationDetector implements Detector {
    /** {@code jdk.CPULoad} comes once a second by default: fewer readings than this are a blip. */
    static final int MIN_READINGS = 3;
    /** JMC HighJvmCpuRule: {@code jvm.cpu.info.limit} defaults to 80% (of the machine, averaged). */
    static final double JVM_WARNING = 0.80;
    static final double JVM_CRITICAL = 0.95;
    static final double MACHINE_BUSY = 0.90;
    /** CFS periods that must have elapsed before a throttled fraction means anything. */
    static final long MIN_SLICES = 10;
    static final double THROTTLED_WARNING = 0.10;
    static final double THROTTLED_CRITICAL = 0.25;
    private static final double MORE_CAPACITY = 1.25;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        CpuLoad load = evidence.cpuLoad();
        if (load.readings() >= MIN_READINGS) {
            if (load.jvm() >= JVM_WARNING) {
                found.add(saturated(evidence, load, "jvm", load.jvm(),
                        load.jvm() >= JVM_CRITICAL ? Severity.CRITICAL : Severity.WARNING,
                        "The JVM uses " + percent(load.jvm()) + " of the machine's CPU: requests queue for CPU."
                                + " Cut CPU per request (see the hot-method findings) or add CPUs / instances."));
            } else if (load.machineTotal() >= MACHINE_BUSY && load.jvm() < load.machineTotal() / 2) {
                found.add(saturated(evidence, load, "machine", load.machineTotal(), Severity.WARNING,
                        "The machine is " + percent(load.machineTotal()) + " busy but the JVM uses only "
                                + percent(load.jvm()) + ": other processes take the CPU. Move them off the host or"
                                + " give the service dedicated CPUs."));
            }
        }
        Throttling throttling = evidence.throttling();
        if (throttling.elapsedSlices() >= MIN_SLICES && throttling.throttledFraction() >= THROTTLED_WARNING) {
            found.add(throttled(evidence, throttling));
        }
        return found;
    }

    private static Recommendation saturated(WindowEvidence evidence, CpuLoad load, String what, double rho,
            Severity severity, String action) {
        double now = Math.min(rho, 0.99);
        double after = now / MORE_CAPACITY;
        double cut = 1 - (after / (1 - after)) / (now / (1 - now));
        List<Evidence> figures = new ArrayList<>(List.of(
                Evidence.of("JVM CPU (user + system), mean", round1(load.jvm() * 100), "% of machine"),
                Evidence.of("machine CPU, mean", round1(load.machineTotal() * 100), "% of machine"),
                Evidence.of("CPU load readings", load.readings(), "readings")));
        if (evidence.processors() > 0) {
            figures.add(Evidence.of("processors available", evidence.processors(), "CPUs"));
        }
        PredictedGain gain = new PredictedGain(round1(cut * 100), "% queueing delay",
                "-" + percent(cut) + " CPU queueing delay with 25% more CPU",
                String.format(Locale.ROOT, "M/M/1 queueing delay ∝ ρ/(1-ρ): ρ = %.2f -> %.2f (capacity x%.2f)",
                        now, after, MORE_CAPACITY));
        return Recommendation.of("cpu-saturation", severity, what.equals("jvm") ? "JVM CPU" : "machine CPU",
                figures, action, null, gain);
    }

    private static Recommendation throttled(WindowEvidence evidence, Throttling throttling) {
        double fraction = throttling.throttledFraction();
        double stalledPerSecond = throttling.throttledNanos() / evidence.seconds();
        List<Evidence> figures = List.of(
                Evidence.of("throttled CFS periods", round1(fraction * 100), "%"),
                Evidence.of("periods elapsed", throttling.elapsedSlices(), "periods"),
                Evidence.of("time throttled", round1(throttling.throttledNanos() / 1e6), "ms"));
        PredictedGain gain = new PredictedGain(round1(stalledPerSecond / 1e6), "ms stalled per second",
                "-" + FigureText.millis(stalledPerSecond) + " stalled per second",
                "throttled time / window length: the stalls a large enough CPU quota removes");
        return Recommendation.of("cpu-throttling",
                fraction >= THROTTLED_CRITICAL ? Severity.CRITICAL : Severity.WARNING, "container CPU quota",
                figures, "The container hit its CPU quota in " + percent(fraction) + " of scheduling periods."
                        + " Raise the CPU limit, or size the JVM to it (-XX:ActiveProcessorCount,"
                        + " fewer GC and pool threads) so bursts do not exhaust the quota.",
                null, gain);
    }
}
