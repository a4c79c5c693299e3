package dev.perfagent.agent.layer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;

/**
 * A cell of a striped figure that one thread owns and alone writes, so the hot path updates it with plain
 * writes instead of atomic read-modify-writes. Subclasses add the figure's fields. A thread finds its cell by
 * its id ({@link #ownedBy}: one field compare, no dereference of the thread); a cell whose owner has
 * {@linkplain #ended() ended} may be replaced by one for another thread that carries the figure over: the
 * ended owner's last write happened before {@link Thread#isAlive()} turned false. The owner is held
 * weakly, so a figure keeps no thread (nor its context class loader) alive.
 *
 * <p>Virtual threads own no cell ({@link #mayOwn}): a server that starts one per request would otherwise
 * take a cell over, and allocate its replacement, on nearly every call.
 */
public abstract class ThreadOwnedCell extends WeakReference<Thread> {
    /** {@code Thread#isVirtual} where the JDK has it (21 and later); false for every thread before. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final long ownerId;

    protected ThreadOwnedCell(Thread owner) {
        super(owner);
        this.ownerId = owner.getId();
    }

    /**
     * The cell of the thread with this id among {@code mask + 1} cells ({@code mask} one less than a power of
     * two). The low bits: ids are handed out in sequence, so the threads of a pool, made one after another,
     * get different cells until there are more of them than cells.
     */
    public static int index(long threadId, int mask) {
        return (int) threadId & mask;
    }

    /** Whether {@code thread} may claim a cell: any but a virtual thread. */
    public static boolean mayOwn(Thread thread) {
        try {
            return !(boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable unexpected) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJdk21) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
        }
    }

    /** Whether the thread with this id owns the cell (ids are never reused). */
    public final boolean ownedBy(long threadId) {
        return ownerId == threadId;
    }

    /** Whether the owner can write again: a collected thread had ended long before. */
    public final boolean ended() {
        Thread owner = get();
        return owner == null || !owner.isAlive();
    }
}
