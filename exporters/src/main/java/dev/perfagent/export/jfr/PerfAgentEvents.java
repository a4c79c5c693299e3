package dev.perfagent.export.jfr;

import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;

/**
 * The agent's JFR event types, all in the category {@value #CATEGORY}. Registering them up front
 * puts their metadata (labels, descriptions, category) into every recording, so JDK Mission Control
 * lists them in its event browser even before the first one is emitted.
 */
public final class PerfAgentEvents {

  /** The top-level category of every perf-agent event. */
  public static final String CATEGORY = "perf-agent";

  /** Every event type the agent emits. */
  public static final List<Class<? extends Event>> TYPES = List.of(
      BatchEvent.class, CircuitBreakerStateEvent.class, ConcurrencyLimitEvent.class,
      CacheEvictionStormEvent.class, RecommendationEvent.class, GpuTelemetryEvent.class);

  private PerfAgentEvents() {}

  /**
   * Registers every type with the flight recorder; idempotent.
   *
   * @throws IllegalStateException if the JVM has no flight recorder (see {@link
   *     FlightRecorder#isAvailable()})
   */
  public static void register() {
    for (Class<? extends Event> type : TYPES) {
      FlightRecorder.register(type);
    }
  }
}
