package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one state change of a circuit breaker: from which state to which, on which method
 * and rule, why, and the figures of the window that decided it (the closed window's rates when it
 * opens, the trial calls' rates when a half-open breaker closes or opens again).
 *
 * <p>Emit it with {@link #emit} once the change has happened; state changes are rare, so it is
 * emitted unconditionally, and when no recording enables {@value #NAME} it costs one static check
 * and allocates nothing. The event carries no stack trace: the thread whose call happened to tip
 * the breaker says nothing about why it changed.
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.CircuitBreakerState rec.jfr
 * }</pre>
 */
@Name(CircuitBreakerStateEvent.NAME)
@Label("perf-agent circuit breaker state")
@Category({"perf-agent", "Circuit Breaker"})
@Description("A circuit breaker changed state (closed, open, half-open).")
@StackTrace(false)
public final class CircuitBreakerStateEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.CircuitBreakerState";

  /** Only asked {@link #isEnabled()}, which reads the event type's state; never committed. */
  private static final CircuitBreakerStateEvent PROBE = new CircuitBreakerStateEvent();

  @Label("From")
  @Description("The state before: CLOSED, OPEN or HALF_OPEN")
  String from;

  @Label("To")
  @Description("The state after: CLOSED, OPEN or HALF_OPEN")
  String to;

  @Label("Method")
  @Description("The protected method, in pattern notation, e.g. com.example.FeatureClient#fetch(String)")
  String method;

  @Label("Rule")
  @Description("The rule of the configuration that put the breaker on the method")
  String rule;

  @Label("Reason")
  @Description("Why the state changed, e.g. failure-rate, slow-call-rate, open-for-elapsed, "
      + "trial-calls-succeeded, half-open-timeout")
  String reason;

  @Label("Failure Rate (%)")
  @Description("Failed calls in percent of the calls in the deciding window; NaN when no window "
      + "decided (open-for elapsed)")
  double failureRate;

  @Label("Slow Call Rate (%)")
  @Description("Slow calls in percent of the calls in the deciding window; NaN when no window "
      + "decided")
  double slowCallRate;

  @Label("Calls In Window")
  @Description("Calls recorded in the deciding window (closed window or trial calls)")
  int callsInWindow;

  private CircuitBreakerStateEvent() {}

  /**
   * Whether a recording wants these events now; a static check, no allocation.
   *
   * @return {@code true} if {@link #emit} would record an event
   */
  public static boolean enabled() {
    return PROBE.isEnabled();
  }

  /**
   * Records one state change if a recording wants it; otherwise returns at once, allocating
   * nothing.
   *
   * @param from the state before ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN})
   * @param to the state after
   * @param method the protected method in pattern notation
   * @param rule the rule's name
   * @param reason why the state changed
   * @param failureRate failed calls in percent of the deciding window, or NaN
   * @param slowCallRate slow calls in percent of the deciding window, or NaN
   * @param callsInWindow calls in the deciding window
   */
  public static void emit(String from, String to, String method, String rule, String reason,
      double failureRate, double slowCallRate, int callsInWindow) {
    if (!PROBE.isEnabled()) {
      return;
    }
    CircuitBreakerStateEvent event = new CircuitBreakerStateEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.from = from;
    event.to = to;
    event.method = method;
    event.rule = rule;
    event.reason = reason;
    event.failureRate = failureRate;
    event.slowCallRate = slowCallRate;
    event.callsInWindow = callsInWindow;
    event.commit();
  }
}
