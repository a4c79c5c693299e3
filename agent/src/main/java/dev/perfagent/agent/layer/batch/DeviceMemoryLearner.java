package dev.perfagent.agent.layer.batch;

/**
 * Learns how much device memory one item of a batch takes, from (batch size, memory taken) pairs of recent
 * batches, and sizes the largest batch whose predicted peak fits under the device's memory less a headroom.
 *
 * <p>The fit is the least-squares line {@code taken(n) = fixed + perItem·n} over the last {@value #WINDOW}
 * batches. It counts as learnt only with at least {@value #MIN_SAMPLES} batches of at least
 * {@value #MIN_DISTINCT_SIZES} distinct sizes (one size says nothing about the slope), a positive slope, and a
 * line that explains at least {@value #MIN_R2} of the variance: free-memory readings also move with other
 * processes, allocator caching and the framework's workspace, and a fit that is mostly such noise must not cap
 * anything.
 *
 * <p>Thread-safe: {@link #observe} is called once per batch by its leader and takes a short lock, as the batch
 * cost model does.
 */
public final class DeviceMemoryLearner {
    /** Recent batches the fit remembers: enough to span several sizes, few enough to follow a model change. */
    static final int WINDOW = 64;
    /** Fewer batches than this make the slope a guess. */
    static final int MIN_SAMPLES = 8;
    /** A line through fewer distinct sizes is not determined by them. */
    static final int MIN_DISTINCT_SIZES = 3;
    /** Share of the variance the line must explain before its slope caps batches. */
    static final double MIN_R2 = 0.5;

    private final int[] sizes = new int[WINDOW];
    private final long[] taken = new long[WINDOW];
    private int count;
    private int next;
    private long lastUsedBefore = -1;

    /**
     * The fit at one moment.
     *
     * @param learnt        whether the fit may cap batches (see the class comment)
     * @param bytesPerItem  the slope, bytes of device memory per item; NaN until learnt
     * @param fixedBytes    the intercept, bytes a batch takes whatever its size; NaN until learnt
     * @param samples       batches in the window
     * @param distinctSizes distinct batch sizes among them
     * @param usedBefore    device memory in use before the latest batch, -1 before the first
     */
    public record Fit(boolean learnt, double bytesPerItem, double fixedBytes, int samples, int distinctSizes,
                      long usedBefore) {
    }

    /**
     * One batch: the device's free memory before it ran and after the model returned.
     *
     * @param size       items in the batch
     * @param freeBefore free device memory just before the batch
     * @param freeAfter  free device memory just after it
     * @param total      the device's memory in all
     */
    public synchronized void observe(int size, long freeBefore, long freeAfter, long total) {
        if (size < 1 || freeBefore < 0 || freeAfter < 0) {
            return;
        }
        sizes[next] = size;
        taken[next] = freeBefore - freeAfter;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        lastUsedBefore = total > 0 ? total - freeBefore : -1;
    }

    /** The least-squares fit of the window. */
    public synchronized Fit fit() {
        int distinct = distinctSizes();
        if (count < MIN_SAMPLES || distinct < MIN_DISTINCT_SIZES) {
            return new Fit(false, Double.NaN, Double.NaN, count, distinct, lastUsedBefore);
        }
        double meanN = 0;
        double meanT = 0;
        for (int i = 0; i < count; i++) {
            meanN += sizes[i];
            meanT += taken[i];
        }
        meanN /= count;
        meanT /= count;
        double snn = 0;
        double snt = 0;
        double stt = 0;
        for (int i = 0; i < count; i++) {
            double dn = sizes[i] - meanN;
            double dt = taken[i] - meanT;
            snn += dn * dn;
            snt += dn * dt;
            stt += dt * dt;
        }
        double slope = snt / snn;
        double r2 = stt == 0 ? 0 : snt * snt / (snn * stt);
        boolean learnt = slope > 0 && r2 >= MIN_R2;
        return learnt
                ? new Fit(true, slope, meanT - slope * meanN, count, distinct, lastUsedBefore)
                : new Fit(false, Double.NaN, Double.NaN, count, distinct, lastUsedBefore);
    }

    /**
     * The largest batch, at most {@code maxSize}, whose predicted peak, {@code usedBefore + fixed + perItem·n},
     * stays under {@code (1 - headroom)} of the device's memory; at least 1. {@code maxSize} while the fit is
     * not learnt or the device's memory is unknown.
     *
     * @param fit             the fit
     * @param totalBytes      the device's memory, or -1 when unknown
     * @param headroomPercent the share of it kept free, 0 to 100
     * @param maxSize         the configured largest batch
     */
    public static int cap(Fit fit, long totalBytes, double headroomPercent, int maxSize) {
        if (!fit.learnt() || totalBytes <= 0 || fit.usedBefore() < 0) {
            return maxSize;
        }
        double limit = totalBytes * (1 - headroomPercent / 100.0);
        double room = limit - fit.usedBefore() - Math.max(0, fit.fixedBytes());
        double n = Math.floor(room / fit.bytesPerItem());
        return n >= maxSize ? maxSize : (int) Math.max(1, n);
    }

    private int distinctSizes() {
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++) {
                seen = sizes[j] == sizes[i];
            }
            distinct += seen ? 0 : 1;
        }
        return distinct;
    }
}
