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
import java.util.Optional;

/**
 * The memory of the device batches run on came close to full in the window: at its fullest reading at least
 * {@value #FULL_SHARE} of it in use, or less free than {@code gpu.memory-headroom} keeps. The next larger batch
 * (or another process, or the framework's workspace growing) then fails with an out-of-memory error, which the
 * batch layer answers by re-running the batch in halves. One finding per batch site that ran batches (the cap
 * is per site), or one for the device when none did. Only for devices with memory of their own: the CPU
 * accelerator's "memory in use" is the host's, which the page cache fills whatever the batches do.
 * WARNING; CRITICAL from {@value #CRITICAL_SHARE}.
 */
public final class DeviceMemoryFullDetector implements SiteDetector {
    /** Used share from which memory counts as close to full: one tenth left, the default headroom. */
    static final double FULL_SHARE = 0.9;
    /** Used share at which the next allocation of a batch is likely to fail (under 3% left). */
    static final double CRITICAL_SHARE = 0.97;

    private final double headroomPercent;

    /** @param headroomPercent {@code gpu.memory-headroom}: the share of device memory batches keep free */
    public DeviceMemoryFullDetector(double headroomPercent) {
        this.headroomPercent = headroomPercent;
    }

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        Optional<DeviceFigures> found = evidence.batchDevice();
        if (found.isEmpty() || !found.get().ownMemory()) {
            return List.of();
        }
        DeviceFigures device = found.get();
        double used = device.memoryUsedShare();
        double limit = Math.min(FULL_SHARE, 1 - headroomPercent / 100.0);
        if (!(used >= limit)) {
            return List.of();   // unknown (NaN) or room enough
        }
        Severity severity = used >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        long keep = (long) (device.memoryTotalBytes() * headroomPercent / 100.0);
        long over = Math.max(0, device.memoryUsedBytes() - (device.memoryTotalBytes() - keep));
        List<Recommendation> all = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.batch().isEmpty() || site.batch().get().batches() == 0) {
                continue;
            }
            all.add(forSite(site, site.batch().get(), device, used, over, severity));
        }
        if (all.isEmpty()) {
            all.add(Recommendation.of("device-memory-full", severity, device.label(), deviceFigures(device, used),
                    String.format(Locale.ROOT, "%s had %s of its memory in use at its fullest; gpu.memory-headroom"
                            + " keeps %s free. No batch site ran in the window: look for other users of the device"
                            + " (another process, a model loaded twice, a framework's memory arena).",
                            device.label(), FigureText.percent(used), FigureText.percent(headroomPercent / 100)),
                    null, gain(over, "free the memory above the headroom")));
        }
        return all;
    }

    private Recommendation forSite(SiteWindow site, BatchFigures batch, DeviceFigures device, double used,
                                   long over, Severity severity) {
        List<Evidence> figures = new ArrayList<>(deviceFigures(device, used));
        figures.add(Evidence.of("mean batch size", round3(batch.meanBatchSize()), "calls"));
        figures.add(Evidence.of("max-size", batch.maxSize(), "calls"));
        String proposal;
        String config = null;
        double perItem = batch.memoryPerItemBytes();
        if (Double.isFinite(perItem) && perItem > 0) {
            figures.add(Evidence.of("device memory per item (learnt)", round1(perItem / (1 << 20)), "MiB"));
            int fewer = (int) Math.ceil(over / perItem);
            int proposed = Math.max(1, Math.min(batch.maxSize(), (int) Math.floor(batch.meanBatchSize())) - fewer);
            if (batch.memoryCap() > 0) {
                proposed = Math.min(proposed, batch.memoryCap());
            }
            proposal = String.format(Locale.ROOT, "at %s per item, batches of at most %d keep the headroom: set"
                    + " max-size to %d (memory-aware batching already caps batches there while it runs).",
                    FigureText.megabytes(perItem), proposed, proposed);
            config = SiteText.batchSetting(site.rule(), "max-size: " + proposed);
        } else {
            proposal = String.format(Locale.ROOT, "lower max-size (%d now) until the fullest reading stays under"
                    + " %s, or free memory elsewhere on the device; the memory per item is not learnt yet.",
                    batch.maxSize(), FigureText.percent(Math.min(FULL_SHARE, 1 - headroomPercent / 100)));
        }
        String action = String.format(Locale.ROOT, "%s had %s of its memory in use at its fullest while rule '%s'"
                + " batched %s; gpu.memory-headroom keeps %s free, and a larger batch would fail with an"
                + " out-of-memory error and be re-run in halves. %s", device.label(), FigureText.percent(used),
                site.rule(), site.method(), FigureText.percent(headroomPercent / 100), proposal);
        return Recommendation.of("device-memory-full", severity, site.method(), figures, action, config,
                gain(over, "keep batches out of the memory the headroom reserves"));
    }

    private static List<Evidence> deviceFigures(DeviceFigures device, double used) {
        return List.of(
                Evidence.of("device memory in use at the fullest reading", round3(used), "ratio"),
                Evidence.of("device memory in use", round1(device.memoryUsedBytes() / (double) (1 << 20)), "MiB"),
                Evidence.of("device memory in all", round1(device.memoryTotalBytes() / (double) (1 << 20)), "MiB"));
    }

    private static PredictedGain gain(long overBytes, String what) {
        return new PredictedGain(round1(overBytes / (double) (1 << 20)), "MiB of device memory back under the"
                + " headroom", "no out-of-memory failures and their re-runs in halves",
                "bytes above the headroom = used - total·(1 - headroom); with m bytes per item, a batch of n - ⌈that/m⌉"
                        + " calls instead of n keeps the peak under it; " + what);
    }
}
