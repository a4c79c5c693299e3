package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.round1;
import static dev.perfagent.agent.advise.FigureText.round3;

import dev.perfagent.agent.advise.FigureText;
import dev.perfagent.export.report.BatchStatus;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A batch site whose calls wait in the queue while the device the batches run on (a GPU this process is seen
 * using, see {@link SiteEvidence#batchDevice()}; or the CPU on the CPU accelerator) is mostly idle: the device
 * finishes a batch and waits while the next one queues behind a single executor, or behind a cap too low to give
 * it enough work per launch. When the batches are full at {@code max-size} and more calls are in the method at
 * once than {@code max-size}, the advice is a larger cap; otherwise another executor
 * ({@code batch.executors.replicas}).
 * WARNING: capacity the host pays for sits unused while calls wait.
 */
public final class BatchDeviceIdleDetector implements SiteDetector {
    /** Fewer batches than this say little about the queue. */
    static final long MIN_BATCHES = 100;
    /**
     * Under this busy share the device has room for more work: issue 6's threshold, at which more than two
     * fifths of the device's time go unused while calls wait.
     */
    static final double IDLE_BUSY = 0.6;
    /**
     * Calls waiting in the queue on average, by Little's law over the window's queue waits: at one or more the
     * queue is non-empty most of the time, so the idle device is not idle for want of calls.
     */
    static final double MIN_QUEUED = 1.0;
    /** Batches whose mean size reaches this share of the cap are full (as {@code /status}'s limitedBy says). */
    static final double FULL_SHARE = BatchStatus.AT_CAP_SHARE;
    /** Busy share a device reaches at best before its own queueing stretches every batch: the gain's ceiling. */
    static final double TARGET_BUSY = 0.9;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        Optional<DeviceFigures> found = evidence.batchDevice();
        if (found.isEmpty() || !(found.get().busyRatio() < IDLE_BUSY)) {
            return List.of();   // unknown (NaN) or busy enough
        }
        DeviceFigures device = found.get();
        List<Recommendation> all = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.batch().isEmpty()) {
                continue;
            }
            BatchFigures batch = site.batch().get();
            double queued = batch.meanQueued(site.lengthNanos());
            if (batch.batches() < MIN_BATCHES || queued < MIN_QUEUED) {
                continue;
            }
            all.add(recommend(site, batch, device, queued));
        }
        return all;
    }

    private static Recommendation recommend(SiteWindow site, BatchFigures batch, DeviceFigures device,
                                            double queued) {
        double busy = device.busyRatio();
        double mean = batch.meanBatchSize();
        boolean fullAtMaxSize = mean >= FULL_SHARE * batch.cap() && batch.cap() >= batch.maxSize();
        // Calls in the method at once (Little's law): a batch cannot hold more callers than there are, so where
        // every caller is already in the batch (a closed loop of N clients, N <= max-size) a larger cap forms no
        // larger batch. Seen on an H100: 64 clients, batches of 61.7 at max-size 64, device 10% busy.
        double callers = site.lengthNanos() > 0 && site.totalNanos() > 0
                ? (double) site.totalNanos() / site.lengthNanos() : Double.NaN;
        boolean moreCallersThanCap = !(callers <= batch.maxSize());
        int memoryCap = batch.memoryCap();
        boolean memoryAllowsMore = memoryCap == 0 || memoryCap > batch.maxSize();
        double ceiling = Math.max(1, TARGET_BUSY / Math.max(busy, 0.01));
        String change;
        String config;
        double step;
        String stepFormula;
        if (fullAtMaxSize && memoryAllowsMore && moreCallersThanCap) {
            int proposed = batch.maxSize() * 2;
            if (memoryCap > 0) {
                proposed = Math.min(proposed, memoryCap);
            }
            // The batches the new cap can form: no larger than the callers there are.
            double reach = Double.isNaN(callers) ? proposed : Math.min(proposed, callers);
            step = capStep(batch, mean, reach);
            stepFormula = Double.isFinite(batch.costFixedNanos()) && Double.isFinite(batch.costPerItemNanos())
                    ? "with the fitted batch cost T(n) = a + b·n (a = " + FigureText.millis(batch.costFixedNanos())
                            + ", b = " + FigureText.millis(batch.costPerItemNanos()) + "), throughput n/T(n) grows"
                            + " by P(a + b·n)/(n(a + b·P)) from n = " + round1(mean) + " to P = " + round1(reach)
                    : "without a fitted batch cost, at most P/n = " + round1(reach) + "/" + round1(mean);
            if (reach < proposed) {
                stepFormula += " (P: the " + round1(callers) + " calls in the method at once, fewer than " + proposed
                        + ")";
            }
            change = String.format(Locale.ROOT, "The batches are full at max-size %d: raise it to %d so each"
                    + " launch gives the device more work%s.", batch.maxSize(), proposed,
                    memoryCap > 0 ? " (the device's memory allows " + memoryCap + ")" : "");
            config = SiteText.batchSetting(site.rule(), "max-size: " + proposed);
        } else {
            int replicas = batch.replicas() + 1;
            step = (double) replicas / batch.replicas();
            stepFormula = "one more executor runs batches side by side: at most (r + 1)/r = " + replicas + "/"
                    + batch.replicas();
            String why = fullAtMaxSize && memoryAllowsMore
                    ? String.format(Locale.ROOT, "The batches hold %.1f calls (cap %d) and already take nearly every"
                            + " caller (%.1f in the method at once), so a larger cap would not fill them", mean,
                            batch.cap(), callers)
                    : String.format(Locale.ROOT, "The batches hold %.1f calls (cap %d), so the cap is not what keeps"
                            + " the device idle", mean, batch.cap());
            change = String.format(Locale.ROOT, "%s: one executor too few is. Run batches on %d executors"
                    + " (batch.executors.replicas: model instances that compute the same function; each holds its"
                    + " own copy of the model in the device's memory). Where the calls cannot move between"
                    + " instances (an ONNX Runtime session, a 'via' form on a static method), raise batch.workers"
                    + " instead: more batches in flight on the one instance.", why, replicas);
            config = SiteText.batchSetting(site.rule(), "executors: { replicas: " + replicas + " }");
        }
        double gain = Math.min(step, ceiling);
        List<Evidence> figures = new ArrayList<>(List.of(
                Evidence.of("device busy (mean over the window)", round3(busy), "ratio")));
        if (Double.isFinite(device.processBusyRatio())) {
            figures.add(Evidence.of("this process's share of the device (mean over the window)",
                    round3(device.processBusyRatio()), "ratio"));
        }
        figures.addAll(List.of(
                Evidence.of("calls waiting in the queue on average (Little's law)", round3(queued), "calls"),
                Evidence.of("mean batch size", round3(mean), "calls"),
                Evidence.of("cap", batch.cap(), "calls"),
                Evidence.of("max-size", batch.maxSize(), "calls"),
                Evidence.of("executors", batch.replicas(), "executors")));
        if (Double.isFinite(callers)) {
            figures.add(Evidence.of("calls in the method at once (Little's law)", round3(callers), "calls"));
        }
        String action = String.format(Locale.ROOT, "%s was %s busy while on average %.1f calls of rule '%s' on %s"
                + " waited in the batch queue. %s", capitalised(device.label()), FigureText.percent(busy), queued,
                site.rule(), site.method(), change);
        PredictedGain predicted = new PredictedGain(round3(gain), "x throughput at most",
                String.format(Locale.ROOT, "up to x%.2f throughput while calls queue", gain),
                "min(step, ceiling): step = " + stepFormula + "; ceiling = " + TARGET_BUSY
                        + " / busy = " + TARGET_BUSY + " / " + round3(busy) + " (the device cannot do more than fill"
                        + " its idle time)");
        return Recommendation.of("batch-device-idle", Severity.WARNING, site.method(), figures, action, config,
                predicted);
    }

    /** Throughput at {@code proposed} over throughput at {@code mean}: by the fitted cost, else proportional. */
    static double capStep(BatchFigures batch, double mean, double proposed) {
        double a = batch.costFixedNanos();
        double b = batch.costPerItemNanos();
        if (Double.isFinite(a) && Double.isFinite(b) && a >= 0 && b > 0 && mean > 0) {
            return proposed * (a + b * mean) / (mean * (a + b * proposed));
        }
        return mean > 0 ? proposed / mean : 1;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
