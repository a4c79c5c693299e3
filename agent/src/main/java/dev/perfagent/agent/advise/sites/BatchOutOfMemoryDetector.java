package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.round3;

import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A batch site whose batches ran out of memory in the window (a CUDA out-of-memory error from the model, which
 * ONNX Runtime reports as an {@code OrtException} saying so, or the JVM's {@link OutOfMemoryError}): the batch
 * layer re-ran each such batch in halves and halved the site's cap, which holds until the agent restarts.
 * Proposes that cap as the rule's {@code max-size}, so a restart does not fail the same batches again. WARNING.
 */
public final class BatchOutOfMemoryDetector implements SiteDetector {

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.batch().isEmpty() || site.batch().get().outOfMemories() == 0) {
                continue;
            }
            BatchFigures batch = site.batch().get();
            int cap = batch.memoryCap() > 0 ? Math.min(batch.memoryCap(), batch.maxSize()) : batch.cap();
            List<Evidence> figures = List.of(
                    Evidence.of("batches that ran out of memory", batch.outOfMemories(), "batches"),
                    Evidence.of("cap after halving", cap, "calls"),
                    Evidence.of("max-size", batch.maxSize(), "calls"),
                    Evidence.of("mean batch size", round3(batch.meanBatchSize()), "calls"));
            String action = String.format(Locale.ROOT, "%d batch(es) of rule '%s' on %s ran out of memory; each"
                    + " was re-run in halves and the cap was halved to %d. Set max-size to %d so batches start"
                    + " there after a restart too%s.", batch.outOfMemories(), site.rule(), site.method(), cap, cap,
                    Double.isFinite(batch.memoryPerItemBytes()) ? ", or raise gpu.memory-headroom so memory-aware"
                            + " batching keeps more free" : "");
            PredictedGain gain = new PredictedGain(batch.outOfMemories(), "failed batches avoided per window",
                    "no out-of-memory failures and no re-runs in halves",
                    "each batch that runs out of memory costs its failed run plus the runs of its halves (and of"
                            + " theirs, until they fit); a cap of " + cap + " starts below the size that failed");
            found.add(Recommendation.of("batch-out-of-memory", Severity.WARNING, site.method(), figures, action,
                    SiteText.batchSetting(site.rule(), "max-size: " + cap), gain));
        }
        return found;
    }
}
