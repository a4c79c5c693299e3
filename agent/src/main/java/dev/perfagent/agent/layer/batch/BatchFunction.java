package dev.perfagent.agent.layer.batch;

import java.util.List;

/**
 * Runs one batch: the merged call of the batch method for the argument lists of several original calls.
 * Implementations merge the arguments (e.g. {@code float[]} items into one {@code float[][]}), invoke the
 * batch form once on the receiver, and split the result back, one element per call, in order.
 *
 * <p>Called on the leader's thread (an application thread), never concurrently more often than the
 * batcher's {@code workers}. It may throw whatever the batch method throws; the batcher then isolates the
 * failing calls by bisection.
 */
@FunctionalInterface
public interface BatchFunction {

    /**
     * @param calls the argument lists of the original calls, in queue order; never empty
     * @return one result per call, same order; a list of another length is a broken batch method
     * @throws Throwable whatever the batch method threw, unwrapped
     */
    List<Object> apply(List<Object[]> calls) throws Throwable;

    /**
     * Runs one batch as {@link #apply(List)} does, timing the staging of its inputs (the copies into the merged
     * batch) with {@code staging}. Functions that stage their inputs themselves override this; the others
     * stage nothing worth timing (an array of references) and run {@link #apply(List)}.
     *
     * @param calls   the argument lists of the original calls, in queue order; never empty
     * @param staging times the input staging of this batch
     * @return one result per call, same order
     * @throws Throwable whatever the batch method threw, unwrapped
     */
    default List<Object> apply(List<Object[]> calls, StagingTimer staging) throws Throwable {
        return apply(calls);
    }
}
