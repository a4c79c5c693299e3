package dev.perfagent.agent.layer.timing;

import dev.perfagent.agent.layer.ThreadOwnedCell;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A cumulative latency histogram with an exact sum, which most recording threads write without a single
 * atomic instruction. Each thread hashes to one of a few cells; the first thread to reach a cell owns it
 * ({@link ThreadOwnedCell}) and records into it with plain writes (an HdrHistogram {@link Histogram} and a
 * sum), because nobody else ever writes there. A thread whose cell another live thread owns records into
 * the shared {@link StripedHistogram} instead, with atomics, as every thread did before. Even uncontended,
 * those atomics (bucket, total count, sum) cost about as much as the rest of the timing path together.
 * A cell whose owner has ended goes, counts and sum carried over, to the next thread that hashes there.
 *
 * <p>Readers add the cells up off the hot path: {@link Histogram#add} counts what it sees, so a snapshot
 * taken while the owner records is consistent in itself and at most a few records behind; counts only
 * grow.
 */
final class ThreadCellHistogram {
    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(Cell.class, "sum", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One owner's histogram and sum. */
    private static final class Cell extends ThreadOwnedCell {
        final Histogram counts;
        /** Written by the owner only, opaque, so readers never see a torn value. */
        @SuppressWarnings("unused")
        long sum;

        Cell(Thread owner, Histogram counts, long sum) {
            super(owner);
            this.counts = counts;
            this.sum = sum;
        }
    }

    private final long highestTrackable;
    private final int digits;
    private final int mask;
    private final AtomicReferenceArray<Cell> cells;
    private final StripedHistogram shared;
    private final LongAdder sharedSum = new LongAdder();

    /** @param cells how many owned cells at most (rounded up to a power of two, at most {@link StripedHistogram#MAX_STRIPES}) */
    ThreadCellHistogram(long highestTrackable, int digits, int cells) {
        this.shared = new StripedHistogram(highestTrackable, digits, cells);
        int count = shared.stripeCount();
        this.highestTrackable = highestTrackable;
        this.digits = digits;
        this.mask = count - 1;
        this.cells = new AtomicReferenceArray<>(count);
    }

    /** Records one value, {@code 0 <= value <= highestTrackable}; lock-free, allocation-free once the caller has a cell. */
    void recordValue(long value) {
        Thread me = Thread.currentThread();
        long id = me.getId();
        int index = ThreadOwnedCell.index(id, mask);
        // A plain read is enough: only this thread installs a cell with its id, and it is alive.
        Cell cell = cells.getPlain(index);
        if (cell != null && cell.ownedBy(id)) {
            record(cell, value);
            return;
        }
        recordElsewhere(me, index, value);
    }

    private static void record(Cell cell, long value) {
        cell.counts.recordValue(value);
        SUM.setOpaque(cell, (long) SUM.getOpaque(cell) + value);
    }

    private void recordElsewhere(Thread me, int index, long value) {
        Cell cell = cells.get(index);
        if ((cell == null || cell.ended()) && ThreadOwnedCell.mayOwn(me)) {
            Cell mine = cell == null ? new Cell(me, new Histogram(1, highestTrackable, digits), 0)
                    : new Cell(me, cell.counts, (long) SUM.getVolatile(cell));
            if (cells.compareAndSet(index, cell, mine)) {
                record(mine, value);
                return;
            }
        }
        shared.recordValue(value);
        sharedSum.add(value);
    }

    /** Values recorded so far. */
    long totalCount() {
        long total = shared.totalCount();
        for (int i = 0; i < cells.length(); i++) {
            Cell cell = cells.get(i);
            if (cell != null) {
                total += cell.counts.getTotalCount();
            }
        }
        return total;
    }

    /** The exact sum of the values recorded so far. */
    long sum() {
        long total = sharedSum.sum();
        for (int i = 0; i < cells.length(); i++) {
            Cell cell = cells.get(i);
            if (cell != null) {
                total += (long) SUM.getOpaque(cell);
            }
        }
        return total;
    }

    /** Adds every cell's and the shared histogram's counts into {@code target}. */
    void addTo(Histogram target) {
        for (int i = 0; i < cells.length(); i++) {
            Cell cell = cells.get(i);
            if (cell != null) {
                target.add(cell.counts);
            }
        }
        shared.addTo(target);
    }

    /** Cells made so far (each owned by a thread, live or ended). */
    int cellsInUse() {
        int used = 0;
        for (int i = 0; i < cells.length(); i++) {
            used += cells.get(i) == null ? 0 : 1;
        }
        return used;
    }

    /** Stripes of the shared histogram in use: threads that found their cell taken. */
    int sharedStripesInUse() {
        return shared.stripesInUse();
    }
}
