package dev.perfagent.agent.layer.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One call waiting in a {@link Batcher}: its arguments, when it arrived, its deadline, the thread to wake
 * and, once completed, its outcome.
 *
 * <p>State machine, every step a CAS on {@code state}, so each request is taken once and completed at
 * most once:
 * <pre>
 *   QUEUED ─take─► TAKEN ─complete─► DONE        the taker alone completes it
 *   QUEUED ─cancel─► CANCELLED                   its caller left while queued (timeout, interrupt, close)
 *   TAKEN ─abandon─► ABANDONED                   its caller left while its batch ran; the completion is dropped
 * </pre>
 * Only the caller's own thread cancels or abandons. {@code value} and {@code failure} are plain fields:
 * the taker writes them before the CAS to DONE, and the caller reads them after seeing DONE, so the CAS
 * publishes them.
 */
final class BatchRequest {
    static final int QUEUED = 0;
    static final int TAKEN = 1;
    static final int DONE = 2;
    static final int CANCELLED = 3;
    static final int ABANDONED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BatchRequest.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object[] args;
    /** Ticker time the call arrived. */
    final long arrival;
    /** Ticker time the caller gives up; meaningful only when the batcher has a timeout. */
    final long deadline;
    final Thread thread;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private Object value;
    private Throwable failure;

    BatchRequest(Object[] args, long arrival, long deadline, Thread thread) {
        this.args = args;
        this.arrival = arrival;
        this.deadline = deadline;
        this.thread = thread;
    }

    int state() {
        return state;
    }

    /** Still waiting in the queue, so its caller may yet lead a batch. */
    boolean isQueued() {
        return state == QUEUED;
    }

    /** Taken into a batch and neither completed nor abandoned. */
    boolean isUnresolved() {
        return state == TAKEN;
    }

    /** Claims the request for a batch (or for completion by close); false if it was cancelled or taken. */
    boolean take() {
        return STATE.compareAndSet(this, QUEUED, TAKEN);
    }

    /** By the caller's thread: leaves the queue; false if a leader took it first. */
    boolean cancel() {
        return STATE.compareAndSet(this, QUEUED, CANCELLED);
    }

    /** By the caller's thread: gives up on a running batch; false if the result came first. */
    boolean abandon() {
        return STATE.compareAndSet(this, TAKEN, ABANDONED);
    }

    /**
     * By the thread that took the request: sets its outcome and wakes its caller. Returns false, writing
     * nothing the caller can see, when the request was already completed or its caller abandoned it.
     */
    boolean complete(Object result, Throwable thrown) {
        if (state != TAKEN) {
            return false;   // only the taker moves TAKEN -> DONE, so this guards a second completion
        }
        this.value = result;
        this.failure = thrown;
        if (STATE.compareAndSet(this, TAKEN, DONE)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** By the thread that completed the request: whether it completed it with an exception. */
    boolean completedWithFailure() {
        return failure != null;
    }

    /** By the caller's thread, after {@link #state()} returned DONE: the result, or the exception thrown. */
    Object outcome() throws Throwable {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
