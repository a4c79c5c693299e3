package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for one change of an adaptive concurrency limit: which method, which algorithm, the
 * limit before and after, the calls in flight, and the sample that moved it.
 *
 * <p>Emit it with {@link #emit} after the limit changed, never for a sample that leaves it as it
 * was. When no recording enables {@value #NAME}, {@code emit} costs one static check and allocates
 * nothing, so the limiter calls it unconditionally. The event carries no stack trace: the thread
 * whose call completed says nothing about why the limit moved.
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.ConcurrencyLimit rec.jfr
 * }</pre>
 */
@Name(ConcurrencyLimitEvent.NAME)
@Label("perf-agent concurrency limit change")
@Category({"perf-agent", "Concurrency Limit"})
@Description("An adaptive concurrency limit moved after a completed call (gradient2, vegas, aimd).")
@StackTrace(false)
public final class ConcurrencyLimitEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.ConcurrencyLimit";

  /** Only asked {@link #isEnabled()}, which reads the event type's state; never committed. */
  private static final ConcurrencyLimitEvent PROBE = new ConcurrencyLimitEvent();

  @Label("Method")
  @Description("The limited method, in pattern notation, e.g. com.example.FeatureClient#fetch(String)")
  String method;

  @Label("Rule")
  @Description("The rule of the configuration that put the limit on the method")
  String rule;

  @Label("Algorithm")
  @Description("The limit algorithm: gradient2, vegas or aimd")
  String algorithm;

  @Label("Old Limit")
  @Description("Calls allowed in flight before the sample")
  int oldLimit;

  @Label("New Limit")
  @Description("Calls allowed in flight after the sample")
  int newLimit;

  @Label("In Flight")
  @Description("Calls in flight when the limit changed")
  int inFlight;

  @Label("RTT Sample")
  @Description("How long the call whose completion moved the limit took, from admission to completion")
  @Timespan(Timespan.NANOSECONDS)
  long rtt;

  @Label("Dropped")
  @Description("Whether that call counted as a drop (a timeout or an overload error)")
  boolean dropped;

  private ConcurrencyLimitEvent() {}

  /**
   * Whether a recording wants these events now; a static check, no allocation.
   *
   * @return {@code true} if {@link #emit} would record an event
   */
  public static boolean enabled() {
    return PROBE.isEnabled();
  }

  /**
   * Records one limit change if a recording wants it; otherwise returns at once, allocating
   * nothing.
   *
   * @param method the limited method in pattern notation
   * @param rule the rule's name
   * @param algorithm the algorithm's config name
   * @param oldLimit the limit before
   * @param newLimit the limit after
   * @param inFlight calls in flight now
   * @param rttNanos the sample's round-trip time
   * @param dropped whether the sample counted as a drop
   */
  public static void emit(String method, String rule, String algorithm, int oldLimit, int newLimit,
      int inFlight, long rttNanos, boolean dropped) {
    if (!PROBE.isEnabled()) {
      return;
    }
    ConcurrencyLimitEvent event = new ConcurrencyLimitEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.method = method;
    event.rule = rule;
    event.algorithm = algorithm;
    event.oldLimit = oldLimit;
    event.newLimit = newLimit;
    event.inFlight = inFlight;
    event.rtt = rttNanos;
    event.dropped = dropped;
    event.commit();
  }
}
