package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one recommendation the advisor made at the end of a profiling window: what kind of
 * bottleneck, where, how severe, what to change and what that should gain. Emitted once per
 * recommendation per window, so a recording shows when a finding appeared and how long it lasted.
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.Recommendation rec.jfr
 * }</pre>
 */
@Name(RecommendationEvent.NAME)
@Label("perf-agent recommendation")
@Category({"perf-agent", "Recommendation"})
@Description("A bottleneck the agent found in a profiling window, with the change it recommends and its predicted gain.")
@StackTrace(false)
public final class RecommendationEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.Recommendation";

  /** Only asked {@link #isEnabled()}; never committed. */
  private static final RecommendationEvent PROBE = new RecommendationEvent();

  @Label("Id")
  @Description("Stable id of the finding: its kind and a hash of where, the same from window to window")
  String id;

  @Label("Kind")
  @Description("The detector's concern, e.g. hot-method, gc-pressure, lock-contention")
  String kind;

  @Label("Severity")
  @Description("INFO, WARNING or CRITICAL")
  String severity;

  @Label("Where")
  @Description("The place: class#method, a monitor class, host:port, an allocation site or GC")
  String where;

  @Label("Action")
  @Description("What to change, in plain words")
  String action;

  @Label("Predicted Gain")
  @Description("What the change should gain, with its unit")
  String gain;

  @Label("Formula")
  @Description("How the gain was predicted")
  String formula;

  /**
   * Records one recommendation if a recording wants it; otherwise returns at once.
   *
   * @param id the stable id
   * @param kind the kind
   * @param severity the severity's name
   * @param where the place
   * @param action what to change
   * @param gain the predicted gain in words
   * @param formula how it was predicted
   */
  public static void emit(String id, String kind, String severity, String where, String action,
      String gain, String formula) {
    if (!PROBE.isEnabled()) {
      return;
    }
    RecommendationEvent event = new RecommendationEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.id = id;
    event.kind = kind;
    event.severity = severity;
    event.where = where;
    event.action = action;
    event.gain = gain;
    event.formula = formula;
    event.commit();
  }
}
