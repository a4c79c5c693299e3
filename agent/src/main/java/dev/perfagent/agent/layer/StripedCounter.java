package dev.perfagent.agent.layer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter for hot paths (a cache hit, a call entering and leaving a chain), where a {@link LongAdder}'s
 * compare-and-swap costs a good part of the work itself. Each thread counts in a cell of its own
 * ({@link ThreadOwnedCell}), chosen by its id and claimed once; while it owns the cell an update is a plain
 * read and an opaque write of a field only it writes, with no atomic read-modify-write and no fence. A
 * thread whose cell another live thread owns, or a virtual thread, counts in a {@link LongAdder} instead. A cell whose owner has
 * ended is taken over, the new owner starting from the old owner's count; owners hold their threads weakly,
 * so the counter keeps no thread (nor its context class loader) alive.
 *
 * <p>Exact: no update is lost. {@link #sum()} may miss updates in flight, as {@link LongAdder#sum()} does.
 */
public final class StripedCounter {
    private static final int CELLS = 64;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Owner.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicReferenceArray<Owner> owners = new AtomicReferenceArray<>(CELLS);
    private final LongAdder shared = new LongAdder();

    /**
     * The thread that counts in a cell, and its count. Its own object, so threads counting at once write to
     * different cache lines, not to neighbouring slots of one array.
     */
    private static final class Owner extends ThreadOwnedCell {
        /** Written by the owner thread only; read by anyone through {@link #COUNT}. */
        @SuppressWarnings("unused")
        long count;

        Owner(Thread thread, long count) {
            super(thread);
            this.count = count;
        }
    }

    /** Adds one. */
    public void increment() {
        add(1);
    }

    /** Takes one away. */
    public void decrement() {
        add(-1);
    }

    /** Adds {@code delta}. */
    public void add(long delta) {
        Thread thread = Thread.currentThread();
        long id = thread.getId();
        int cell = ThreadOwnedCell.index(id, CELLS - 1);
        // A plain read is enough: only this thread installs an owner with its id, and it is alive.
        Owner owner = owners.getPlain(cell);
        if (owner != null && owner.ownedBy(id)) {
            COUNT.setOpaque(owner, (long) COUNT.getOpaque(owner) + delta);
            return;
        }
        addSlowly(thread, cell, delta);
    }

    private void addSlowly(Thread thread, int cell, long delta) {
        Owner owner = owners.get(cell);
        // Taking over is safe: an ended owner's last write happened before isAlive() turned false.
        if ((owner == null || owner.ended()) && ThreadOwnedCell.mayOwn(thread)) {
            long carried = owner == null ? 0 : (long) COUNT.getVolatile(owner);
            if (owners.compareAndSet(cell, owner, new Owner(thread, carried + delta))) {
                return;
            }
        }
        shared.add(delta);
    }

    /** The count now. */
    public long sum() {
        long sum = shared.sum();
        for (int cell = 0; cell < CELLS; cell++) {
            Owner owner = owners.get(cell);
            if (owner != null) {
                sum += (long) COUNT.getOpaque(owner);
            }
        }
        return sum;
    }
}
