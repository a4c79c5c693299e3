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
 * A batch site whose batches stay at one call: the callers are too few, or too far apart, to meet in the
 * queue. The batch layer then only adds its hand-over (and its wait, if it waits for a partial batch).
 * WARNING when calls wait for partners that do not come (a delay above zero), INFO otherwise.
 */
public final class BatchStuckAtOneDetector implements SiteDetector {
    /** Fewer batches than this say little about their size. */
    static final long MIN_BATCHES = 100;
    /** Mean batch size at or below this counts as one (a stray pair now and then). */
    static final double STUCK_SIZE = 1.1;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.batch().isEmpty()) {
                continue;
            }
            BatchFigures batch = site.batch().get();
            if (batch.batches() < MIN_BATCHES || batch.maxSize() <= 1 || batch.meanBatchSize() > STUCK_SIZE) {
                continue;
            }
            double delayNanos = batch.delaySeconds() * 1e9;
            boolean waits = delayNanos > 0;
            List<Evidence> figures = List.of(
                    Evidence.of("batches", batch.batches(), "batches"),
                    Evidence.of("mean batch size", round3(batch.meanBatchSize()), "calls"),
                    Evidence.of("max-size", batch.maxSize(), "calls"),
                    Evidence.of("wait for a partial batch", round1(delayNanos / 1e6), "ms"),
                    Evidence.of("calls in flight on average (Little's law)", round3(site.meanConcurrency()),
                            "calls"));
            String action = String.format(Locale.ROOT, "Batches of rule '%s' on %s hold %.2f calls on average"
                    + " over %d batches: on average %.2f calls are in flight, so callers rarely meet in the"
                    + " queue. Either give them time to meet (a longer max-delay, or a fixed delay, costs up to"
                    + " that delay in latency) or remove the batch layer from the rule.", site.rule(),
                    site.method(), batch.meanBatchSize(), batch.batches(), site.meanConcurrency());
            PredictedGain gain = new PredictedGain(round1(delayNanos / 1e6), "ms per call",
                    waits ? "up to -" + FigureText.millis(delayNanos) + " per call without the batch wait"
                            : "none beyond the batch layer's hand-over per call",
                    "with batches of b = " + round3(batch.meanBatchSize()) + " calls, batching amortises at most"
                            + " (1 - 1/b) of the batch form's fixed cost; removing it returns the wait for a"
                            + " partial batch (the delay) and the queue hand-over to each call");
            found.add(Recommendation.of("batch-stuck-at-one", waits ? Severity.WARNING : Severity.INFO,
                    site.method(), figures, action, null, gain));
        }
        return found;
    }
}
