package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.AgentFrames;
import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.FrameNames;
import dev.perfagent.agent.advise.evidence.SampledShare;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Methods where the CPU goes: a method on top of the stack in at least 5% of the CPU samples (self), or
 * an application method under which at least 20% of the samples ran (total) while doing little itself.
 * The predicted gain is Amdahl's for making that method twice as fast.
 *
 * <p>JMC's MethodProfilingRule reports only the single hottest top frame per 30 s window, scored on the
 * share of all <em>possible</em> samples; this detector reports every method over the thresholds with
 * its sample count and a 95% Wilson interval, and escalates severity on the interval's lower end, so a
 * share from few samples does not alarm.
 *
 * <p>The agent's own frames ({@link AgentFrames}) are never the subject: the user can neither change nor
 * cache them, and the samples under them count for the woven application method above them. A native
 * library on top of the stack ({@code libjvm.so}, {@code libc.so.6}: native code async-profiler could not
 * resolve to a symbol) is reported as native code, at INFO, with the Java method that calls into it and
 * no cache rule; it is where the CPU goes, not code to edit. Other native, JIT and GC frames are not reported.
 */
public final class HotMethodDetector implements Detector {
    /** Fewer CPU samples than this say nothing reliable about shares (the 95% interval is then ±14%). */
    static final long MIN_SAMPLES = 50;
    static final double SELF_SHARE = 0.05;
    static final double TOTAL_SHARE = 0.20;
    /** A method under which (nearly) every sample ran is an entry point, not a place to optimise. */
    static final double ENTRY_POINT_SHARE = 0.95;
    /** A caller that hands this much of its time to one application callee defers to that callee. */
    static final double PASS_THROUGH = 0.90;
    static final double WARNING_LOW = 0.15;
    static final double CRITICAL_LOW = 0.40;
    private static final int MAX_FINDINGS = 5;
    private static final int MAX_CALLER_DEPTH = 8;
    private static final double SPEEDUP = 2;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        CpuProfile cpu = evidence.cpu();
        List<Recommendation> found = new ArrayList<>();
        if (cpu.samples() < MIN_SAMPLES) {
            return found;
        }
        for (String method : cpu.bySelf()) {
            SampledShare share = cpu.selfShare(method);
            if (share.fraction() < SELF_SHARE || found.size() >= MAX_FINDINGS) {
                break;
            }
            if (FrameNames.isNativeLibrary(method)) {
                found.add(nativeLibrary(cpu, method, share));
            } else if (FrameNames.isJavaMethod(method) && !AgentFrames.isAgent(method)) {
                found.add(recommend(cpu, method, share, true));
            }
            // else the JIT compiler, GC, a native symbol, or the agent: not a method the application can edit
        }
        int selfFindings = found.size();
        for (String method : cpu.byTotal()) {
            SampledShare share = cpu.totalShare(method);
            if (share.fraction() < TOTAL_SHARE || found.size() - selfFindings >= MAX_FINDINGS) {
                break;
            }
            if (!FrameNames.isApplicationMethod(method) || share.fraction() >= ENTRY_POINT_SHARE
                    || cpu.selfShare(method).fraction() >= SELF_SHARE || passesOn(cpu, method)) {
                continue;
            }
            found.add(recommend(cpu, method, share, false));
        }
        return found;
    }

    /**
     * Whether the method hands its time to one application callee. A JDK, agent or native callee does not
     * count: the method does the work through it (a woven method through the agent's layers).
     */
    private static boolean passesOn(CpuProfile cpu, String method) {
        Map.Entry<String, Long> callee = cpu.hottestCallee(method);
        return callee != null && FrameNames.isApplicationMethod(callee.getKey())
                && callee.getValue() >= PASS_THROUGH * cpu.total().getOrDefault(method, 0L);
    }

    private static Recommendation recommend(CpuProfile cpu, String method, SampledShare share, boolean self) {
        double p = share.fraction();
        Severity severity = share.low() >= CRITICAL_LOW ? Severity.CRITICAL
                : share.low() >= WARNING_LOW ? Severity.WARNING : Severity.INFO;
        String kind = self ? "self" : "total";
        List<Evidence> evidence = List.of(
                new Evidence(kind + " share of CPU samples", round1(p * 100), "%",
                        round1(share.low() * 100), round1(share.high() * 100)),
                Evidence.of(kind + " samples", share.hits(), "samples"),
                Evidence.of("CPU samples in window", share.samples(), "samples"));
        String action;
        String config = null;
        if (self) {
            String caller = FrameNames.isJdk(method) ? hottestApplicationCaller(cpu, method) : null;
            action = caller != null
                    ? "Call " + method + " less: it is on top of the stack in " + percent(p)
                            + " of CPU samples, mostly called from " + caller
                            + "; avoid the repeated work there (hoist it out of the loop, reuse the result)."
                    : "Make " + method + " cheaper: it is on top of the stack in " + percent(p)
                            + " of CPU samples. Look for work that can be hoisted out of its loop, memoised or"
                            + " done in bulk.";
        } else {
            action = "Make " + method + " cheaper: " + percent(p) + " of CPU samples run under it. If its result"
                    + " depends only on its arguments, let the agent cache it (the config below); otherwise"
                    + " profile its callees.";
            config = "rules:\n  - name: cache-" + FrameNames.className(method)
                    .substring(FrameNames.className(method).lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT)
                    + "\n    match: " + method + "(..)\n    cache: { max-size: 10000, ttl: 10m }\n";
        }
        return Recommendation.of("hot-method", severity, method, evidence, action, config,
                gain(p, kind, "if made twice as fast"));
    }

    /**
     * Native code of a library without symbols on top of the stack: named as the library, with the Java
     * method that calls into it most; INFO, since the library is not the application's code (the Java
     * callers' own findings carry the severity).
     */
    private static Recommendation nativeLibrary(CpuProfile cpu, String library, SampledShare share) {
        double p = share.fraction();
        String what = "native code in " + library
                + (library.equals("libjvm.so") ? " (the JVM itself: JIT compiler, GC or runtime)" : "");
        String caller = hottestApplicationCaller(cpu, library);
        String action = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " is on top of the stack in "
                + percent(p) + " of CPU samples" + (caller == null ? "" : ", mostly called from " + caller)
                + ". It is not a Java method to change or cache: see which Java methods call into it (the callers"
                + " in the flame graph) and call it less, or with more work per call.";
        List<Evidence> evidence = List.of(
                new Evidence("self share of CPU samples", round1(p * 100), "%",
                        round1(share.low() * 100), round1(share.high() * 100)),
                Evidence.of("self samples", share.hits(), "samples"),
                Evidence.of("CPU samples in window", share.samples(), "samples"));
        return Recommendation.of("hot-method", Severity.INFO, library, evidence, action, null,
                gain(p, "self", "if it ran half as much"));
    }

    private static PredictedGain gain(double p, String kind, String condition) {
        return new PredictedGain(round1(p * (1 - 1 / SPEEDUP) * 100), "% CPU",
                "-" + percent(p * (1 - 1 / SPEEDUP)) + " CPU (" + FigureText.number(FigureText.round3(
                        Amdahl.speedup(p, SPEEDUP))) + "x throughput when CPU-bound) " + condition,
                Amdahl.formula(kind + " share of CPU samples", p, SPEEDUP));
    }

    /**
     * The application method that calls a JDK method or a native library most, following the hottest caller
     * up through JDK, agent and native frames ({@code Arrays#copyOf <- ArrayList#grow <- ArrayList#add
     * <- app.Orders#collect}); a frame calling itself (a library's unsymbolised frames in a row) is passed
     * over. Null when no application method is found within a few callers (a GC or compiler thread).
     */
    private static String hottestApplicationCaller(CpuProfile cpu, String method) {
        String current = method;
        for (int depth = 0; depth < MAX_CALLER_DEPTH; depth++) {
            String best = null;
            long most = 0;
            for (Map.Entry<String, Map<String, Long>> caller : cpu.callees().entrySet()) {
                long count = caller.getKey().equals(current) ? 0 : caller.getValue().getOrDefault(current, 0L);
                if (count > 0 && (count > most || count == most && caller.getKey().compareTo(best) < 0)) {
                    best = caller.getKey();
                    most = count;
                }
            }
            if (best == null || FrameNames.isApplicationMethod(best)) {
                return best;
            }
            current = best;
        }
        return null;
    }
}
