package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.AgentFrames;
import dev.perfagent.agent.advise.evidence.Contention;
import dev.perfagent.agent.advise.evidence.DurationStat;
import dev.perfagent.agent.advise.evidence.FrameNames;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Threads waiting on one another, per lock class: {@code synchronized} monitors and, unlike JMC, also
 * {@code java.util.concurrent} locks, conditions and semaphores (parks), with idle pool workers' waits
 * for work already left out by the evidence. The measure is the blocked time over the window's length:
 * the number of threads blocked on that lock on average.
 *
 * <p>A lock of the agent's own ({@link AgentFrames}: the batcher that callers of a batch site park in,
 * waiting for their batch by design) is left out: its waits are not the user's to change, and the batch
 * site's own findings judge them. The evidence already leaves out waits in the agent's code.
 */
public final class LockContentionDetector implements Detector {
    /** Fewer waits than this on one lock are anecdotes. */
    static final long MIN_EVENTS = 5;
    static final double INFO_THREADS = 0.05;
    static final double WARNING_THREADS = 0.25;
    /**
     * JMC JavaBlockingRule scores the total blocked time over the recording time and puts a ratio of 1
     * (one thread blocked all the time) at its warning level; so does this detector, for monitors and
     * parks alike.
     */
    static final double CRITICAL_THREADS = 1.0;
    private static final int MAX_FINDINGS = 5;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        Contention contention = evidence.contention();
        consider(evidence, contention.monitors(), "monitor", found);
        consider(evidence, contention.parks(), "park", found);
        found.sort(Comparator.comparingDouble((Recommendation r) -> -r.gain().amount()));
        return found.size() > MAX_FINDINGS ? found.subList(0, MAX_FINDINGS) : found;
    }

    private static void consider(WindowEvidence evidence, Map<String, Map<String, DurationStat>> locks, String how,
            List<Recommendation> found) {
        for (Map.Entry<String, Map<String, DurationStat>> lock : locks.entrySet()) {
            DurationStat all = Contention.sum(lock.getValue());
            double threads = all.totalNanos() / (double) evidence.lengthNanos();
            String site = Contention.topSite(lock.getValue());
            String lockName = lock.getKey();
            if (all.count() < MIN_EVENTS || threads < INFO_THREADS || AgentFrames.isAgent(lockName)
                    || AgentFrames.isAgent(site)) {
                continue;
            }
            DurationStat atSite = lock.getValue().get(site);
            // A JDK lock class (ReentrantLock$NonfairSync, java.lang.Class) says little: name where threads wait.
            String where = lockName.equals("<none>") || FrameNames.isJdk(lockName) ? site : lockName;
            Severity severity = threads >= CRITICAL_THREADS ? Severity.CRITICAL
                    : threads >= WARNING_THREADS ? Severity.WARNING : Severity.INFO;
            List<Evidence> figures = List.of(
                    Evidence.of("threads blocked on average", FigureText.round3(threads), "threads"),
                    Evidence.of(how.equals("monitor") ? "contended monitor enters" : "parks", all.count(), "events"),
                    Evidence.of("time blocked", round1(all.totalNanos() / 1e6), "ms"),
                    Evidence.of("mean wait", round1(all.meanNanos() / 1e6), "ms"),
                    Evidence.of("longest wait", round1(all.maxNanos() / 1e6), "ms"),
                    Evidence.of("share of the wait at " + site, round1(100.0 * atSite.totalNanos()
                            / Math.max(1, all.totalNanos())), "%"));
            String action = (how.equals("monitor")
                    ? "Threads queue to enter synchronized on " + (lockName.equals("java.lang.Class")
                            ? "a Class object (a static synchronized method, or synchronized on X.class)" : lockName)
                            + ", mostly in " + site + "."
                    : "Threads park waiting for " + lockName + ", mostly in " + site + ".")
                    + " Hold the lock for less (move work out of the critical section), split it (lock striping,"
                    + " ConcurrentHashMap, LongAdder), or give each thread its own instance.";
            PredictedGain gain = new PredictedGain(round1(all.meanNanos() / 1e6), "ms per contended call",
                    String.format(Locale.ROOT, "-%.1f ms per contended call, %.2f threads freed",
                            all.meanNanos() / 1e6, threads),
                    "removing the contention returns the time waited: total wait / waits per call, total wait /"
                            + " window length threads");
            found.add(Recommendation.of("lock-contention", severity, where, figures, action, null, gain));
        }
    }
}
