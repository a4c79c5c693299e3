package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.round1;
import static dev.perfagent.agent.advise.FigureText.round3;

import dev.perfagent.agent.advise.FigureText;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A batch site whose batches spend a large share of their time staging inputs (copying each call's data into
 * the merged batch, the host buffers the copy to the device starts from) rather than running the model: the
 * device waits for its inputs. Measured where the batch layer stages inputs itself (ONNX Runtime's
 * {@code OrtSession#run}); silent elsewhere. WARNING from half of the batch time, INFO from
 * {@value #MIN_SHARE}.
 */
public final class BatchCopyBoundDetector implements SiteDetector {
    /** Fewer batches than this say little about where their time goes. */
    static final long MIN_BATCHES = 100;
    /**
     * Staging share from which it is worth acting on: by Amdahl's law, overlapping or removing copies that take
     * 30% of a batch gains up to x1.43; below it the gain drowns in the batch-to-batch spread.
     */
    static final double MIN_SHARE = 0.3;
    /** From half, the copies dominate the batch: the device is idle more than it computes. */
    static final double WARNING_SHARE = 0.5;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        String device = evidence.batchDevice().map(DeviceFigures::label).orElse("the device");
        boolean gpu = evidence.batchDevice().map(DeviceFigures::ownMemory).orElse(false);
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.batch().isEmpty()) {
                continue;
            }
            BatchFigures batch = site.batch().get();
            double share = batch.stagingShare();
            if (batch.batches() < MIN_BATCHES || batch.stagingNanos() == 0 || share < MIN_SHARE) {
                continue;
            }
            double perBatch = batch.serviceNanos() / (double) batch.batches();
            double speedup = 1 / (1 - Math.min(share, 0.99));
            List<Evidence> figures = List.of(
                    Evidence.of("share of batch time staging inputs", round3(share), "ratio"),
                    Evidence.of("staging per batch", round1(batch.stagingNanos() / (double) batch.batches() / 1e3),
                            "us"),
                    Evidence.of("batch time", round1(perBatch / 1e3), "us"),
                    Evidence.of("mean batch size", round3(batch.meanBatchSize()), "calls"));
            String action = String.format(Locale.ROOT, "Batches of rule '%s' on %s spend %s of their time staging"
                    + " inputs (%s per batch) before %s runs them. %s Fewer, larger batches (a higher max-size, or"
                    + " a max-delay that lets them fill) spread the fixed part of each copy over more calls.",
                    site.rule(), site.method(), FigureText.percent(share),
                    FigureText.millis(batch.stagingNanos() / (double) batch.batches()), device,
                    gpu ? "Keep inputs in page-locked (pinned) staging buffers that the copy to the device reads"
                            + " directly, ideally filled by the callers as they arrive (the agent's staging pool,"
                            + " gpu.pinned-pool-max), and overlap the copy of the next batch with the current run."
                            : "Build inputs in direct buffers the model reads in place (no copy per call), or hand"
                            + " the model one preallocated buffer per caller.");
            PredictedGain gain = new PredictedGain(round3(speedup), "x throughput at most",
                    String.format(Locale.ROOT, "up to x%.2f batch throughput if the copies overlap the model run",
                            speedup),
                    "Amdahl: with a share s = " + round3(share) + " of batch time staging inputs, hiding it entirely"
                            + " gives 1/(1 - s)");
            found.add(Recommendation.of("batch-copy-bound", share >= WARNING_SHARE ? Severity.WARNING
                    : Severity.INFO, site.method(), figures, action, null, gain));
        }
        return found;
    }
}
