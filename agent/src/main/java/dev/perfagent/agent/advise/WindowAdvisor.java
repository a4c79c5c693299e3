package dev.perfagent.agent.advise;

import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.profile.ProfileSink;
import dev.perfagent.agent.profile.ProfileWindowInfo;
import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.export.jfr.RecommendationEvent;
import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The live profiler's sink that turns each window into recommendations: it feeds the window's JFR
 * events and collapsed CPU stacks into an {@link EvidenceAccumulator}, runs the {@link Advisor} (and
 * any further advice, such as the sites' own) when the window ends, and publishes the result for
 * {@code /recommendations}, as JFR events, and once per finding in the log.
 *
 * <p>CPU samples arrive only as collapsed stacks (async-profiler's, or JFR's execution samples
 * collapsed by the profiler), so execution-sample events are skipped here to count them once;
 * allocation and monitor evidence comes from the JFR events themselves, which carry weights and
 * durations the collapsed counts lack. The JFR stream's thread and the profiler's thread both call
 * in, so the accumulator is guarded by this object's lock.
 */
public final class WindowAdvisor implements ProfileSink {
    private final Advisor advisor;
    private final Function<WindowEvidence, List<Recommendation>> moreAdvice;
    private final String service;
    private final AgentLog log;
    private final Set<String> logged = new HashSet<>();
    private final Map<SampleKind, String> latestStacks = new EnumMap<>(SampleKind.class);
    private EvidenceAccumulator current = new EvidenceAccumulator();
    /** A leak outlasts a window: the heap-growth line is fitted through the last half hour of collections. */
    private final HeapHistory heap = new HeapHistory(Duration.ofMinutes(30));
    /** Whether the heap after GC grew through the windows as a heap-growth finding needs: the leak profiler's cue. */
    private volatile boolean leakSuspected;
    private long windows;
    private volatile AdviceReport report;

    /**
     * An advisor for one agent run.
     *
     * @param advisor the detectors over profiling evidence
     * @param moreAdvice further recommendations for a window (e.g. from the woven sites); may return
     *     an empty list
     * @param service the service name for the report
     * @param log where new findings are reported once
     */
    public WindowAdvisor(Advisor advisor, Function<WindowEvidence, List<Recommendation>> moreAdvice,
                         String service, AgentLog log) {
        this.advisor = advisor;
        this.moreAdvice = moreAdvice;
        this.service = service;
        this.log = log;
        this.report = new AdviceReport(service, "waiting", null, null, null, false, 0, List.of());
    }

    @Override
    public synchronized void windowStarted(Instant start) {
        // Nothing to do: the accumulator for this window was put in place when the last one ended, so the
        // events JFR delivers a little late still land in a window.
    }

    @Override
    public synchronized void onJfrEvent(RecordedEvent event) {
        if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
            current.accept(event);
        }
    }

    @Override
    public boolean wantsSurvivors() {
        return leakSuspected;
    }

    @Override
    public synchronized void onCollapsedStacks(SampleKind kind, String collapsedText) {
        latestStacks.put(kind, collapsedText);
        if (kind == SampleKind.CPU) {
            collapsedText.lines().forEach(current::acceptCollapsedCpu);
        }
    }

    @Override
    public void windowEnded(ProfileWindowInfo info) {
        WindowEvidence evidence;
        long n;
        synchronized (this) {
            current.window(info.start(), info.end());
            evidence = heap.extend(current.snapshot());
            leakSuspected = HeapGrowthDetector.leakSuspected(evidence.gc());
            current = new EvidenceAccumulator();
            n = ++windows;
        }
        List<Recommendation> found = new ArrayList<>(advisor.advise(evidence));
        try {
            found.addAll(moreAdvice.apply(evidence));
        } catch (RuntimeException e) {
            log.rateLimited(AgentLog.Level.WARN, "advise-more", "advisor: site advice failed and was skipped: " + e);
        }
        found.sort(Advisor.RANKING);
        found = LayerCureLinks.link(found, evidence.cpu());
        report = new AdviceReport(service, "ready", info.start(), info.end(), info.engine().key(),
                info.cpuSharesApproximate(), n, found);
        for (Recommendation r : found) {
            RecommendationEvent.emit(r.id(), r.kind(), r.severity().name(), r.where(), r.action(),
                    r.gain().summary(), r.gain().formula());
            if (r.severity() != Severity.INFO && firstTime(r.id())) {
                log.info("recommendation " + r.severity() + " " + r.kind() + " at " + r.where() + ": " + r.action()
                        + " (" + r.gain().summary() + ")");
            }
        }
    }

    private synchronized boolean firstTime(String id) {
        return logged.add(id);
    }

    /** The latest window's recommendations, or a report that says none has ended yet. */
    public AdviceReport report() {
        return report;
    }

    /** The latest window's stacks of {@code kind} in collapsed form, or an empty text. */
    public synchronized String latestStacks(SampleKind kind) {
        return latestStacks.getOrDefault(kind, "");
    }
}
