package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for one batch of a batched method: which method, how many calls, the cap it was
 * formed under, how long its oldest call waited, how long the batch method took, and how it ended.
 *
 * <p>Emit it with {@link #emit} once the batch has ended (its results are split back). When no
 * recording enables {@value #NAME}, {@code emit} costs one static check and allocates nothing, so
 * the batcher calls it unconditionally; callers that would compute arguments only for the event
 * can test {@link #enabled()} first. The event is committed at the end of the batch (its start
 * time is the moment of {@code emit}, its duration zero) and carries no stack trace: the thread
 * that ran the batch says nothing about the callers.
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.Batch rec.jfr
 * }</pre>
 */
@Name(BatchEvent.NAME)
@Label("perf-agent batch")
@Category({"perf-agent", "Batching"})
@Description("One call of a batch method for several calls of the batched method.")
@StackTrace(false)
public final class BatchEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.Batch";

  /** Outcome: every call of the batch got its result. */
  public static final String OK = "ok";

  /**
   * Outcome: the batch method failed and the batch was split to isolate the failing calls;
   * {@code failedItems} of them got an exception, the others their result.
   */
  public static final String PARTIAL = "partial";

  /** Outcome: every call of the batch got an exception. */
  public static final String FAILED = "failed";

  /** Only asked {@link #isEnabled()}, which reads the event type's state; never committed. */
  private static final BatchEvent PROBE = new BatchEvent();

  @Label("Method")
  @Description("The batched method, in pattern notation, e.g. com.example.Model#score(float[])")
  String method;

  @Label("Size")
  @Description("Calls in the batch")
  int size;

  @Label("Cap")
  @Description("The largest batch the controller let form when this one was formed")
  int cap;

  @Label("Queue Wait")
  @Description("How long the oldest call of the batch waited before the batch started")
  @Timespan(Timespan.NANOSECONDS)
  long queueWait;

  @Label("Service Time")
  @Description("How long the batch method took for this batch")
  @Timespan(Timespan.NANOSECONDS)
  long serviceTime;

  @Label("Failed Items")
  @Description("Calls of the batch that got an exception")
  int failedItems;

  @Label("Outcome")
  @Description("ok, partial (some calls failed) or failed (every call failed)")
  String outcome;

  private BatchEvent() {}

  /**
   * Whether a recording wants these events now; a static check, no allocation.
   *
   * @return {@code true} if {@link #emit} would record an event
   */
  public static boolean enabled() {
    return PROBE.isEnabled();
  }

  /**
   * Records one batch if a recording wants it; otherwise returns at once, allocating nothing.
   *
   * @param method the batched method in pattern notation
   * @param size calls in the batch
   * @param cap the cap the batch was formed under
   * @param queueWaitNanos how long the oldest call waited before the batch started
   * @param serviceNanos how long the batch method took
   * @param failedItems calls of the batch that got an exception
   * @param outcome {@link #OK}, {@link #PARTIAL} or {@link #FAILED}, for example from {@link
   *     #outcome(int, int)}
   */
  public static void emit(String method, int size, int cap, long queueWaitNanos, long serviceNanos,
      int failedItems, String outcome) {
    if (!PROBE.isEnabled()) {
      return;
    }
    BatchEvent event = new BatchEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.method = method;
    event.size = size;
    event.cap = cap;
    event.queueWait = queueWaitNanos;
    event.serviceTime = serviceNanos;
    event.failedItems = failedItems;
    event.outcome = outcome;
    event.commit();
  }

  /**
   * The outcome of a batch from its failures.
   *
   * @param size calls in the batch
   * @param failedItems calls of the batch that got an exception
   * @return {@link #OK} when none failed, {@link #FAILED} when all did, else {@link #PARTIAL}
   */
  public static String outcome(int size, int failedItems) {
    if (failedItems <= 0) {
      return OK;
    }
    return failedItems >= size ? FAILED : PARTIAL;
  }
}
