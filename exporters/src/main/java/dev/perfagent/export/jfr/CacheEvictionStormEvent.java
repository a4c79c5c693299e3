package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one second in which a cache evicted, for its size bound, at least half as many entries as it
 * may hold: it churns through its whole capacity every two seconds or faster, so entries rarely live long
 * enough to be hit again (the bound is too small for the working set, or the keys never repeat).
 *
 * <p>Emitted by the agent's control thread at most once a second per cache. When no recording enables
 * {@value #NAME}, {@link #emit} costs one static check and allocates nothing.
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.CacheEvictionStorm rec.jfr
 * }</pre>
 */
@Name(CacheEvictionStormEvent.NAME)
@Label("perf-agent cache eviction storm")
@Category({"perf-agent", "Cache"})
@Description("A cache evicted, in one second, at least half of its capacity for its size bound.")
@StackTrace(false)
public final class CacheEvictionStormEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.CacheEvictionStorm";

  private static final CacheEvictionStormEvent PROBE = new CacheEvictionStormEvent();

  @Label("Method")
  @Description("The cached method, in pattern notation, e.g. com.example.EmbeddingService#embed(String)")
  String method;

  @Label("Rule")
  @Description("The rule of the configuration that put the cache on the method")
  String rule;

  @Label("Evictions")
  @Description("Entries evicted for the size bound in the second")
  long evictions;

  @Label("Capacity")
  @Description("The cache's max-size, or its entries now when it is bounded by weight")
  long capacity;

  @Label("Hit Ratio")
  @Description("Hits over the calls of the second")
  @Percentage
  double hitRatio;

  @Label("Calls")
  @Description("Calls the cache saw in the second")
  long calls;

  private CacheEvictionStormEvent() {}

  /**
   * Whether a recording wants these events now; a static check, no allocation.
   *
   * @return {@code true} if {@link #emit} would record an event
   */
  public static boolean enabled() {
    return PROBE.isEnabled();
  }

  /**
   * Records one storm second if a recording wants it; otherwise returns at once, allocating nothing.
   *
   * @param method the cached method in pattern notation
   * @param rule the rule's name
   * @param evictions entries evicted for size in the second
   * @param capacity the max-size (or the entries now, for a weight bound)
   * @param hitRatio hits over calls in the second, 0..1
   * @param calls calls in the second
   */
  public static void emit(String method, String rule, long evictions, long capacity, double hitRatio,
      long calls) {
    if (!PROBE.isEnabled()) {
      return;
    }
    CacheEvictionStormEvent event = new CacheEvictionStormEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.method = method;
    event.rule = rule;
    event.evictions = evictions;
    event.capacity = capacity;
    event.hitRatio = hitRatio;
    event.calls = calls;
    event.commit();
  }
}
