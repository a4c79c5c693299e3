package dev.perfagent.sample.inference;

import java.util.Locale;

/**
 * When the load generator sends requests: {@code --arrival closed|poisson:RATE|bursty:RATE:BURST}.
 *
 * <ul>
 *   <li>{@link Closed}: each client sends its next request as soon as the previous one returned, so
 *       the offered load falls when the service slows down.
 *   <li>{@link Poisson}: open loop; requests arrive at {@code RATE} per second on average, with
 *       exponentially distributed gaps, whatever the service does.
 *   <li>{@link Bursty}: open loop; bursts of {@code BURST} requests, all due at the same instant,
 *       arrive as a Poisson process of {@code RATE / BURST} bursts per second: the same mean rate as
 *       {@code poisson:RATE}, with the peaks a batcher must absorb (a compound Poisson process).
 * </ul>
 */
public sealed interface Arrival permits Arrival.Closed, Arrival.Poisson, Arrival.Bursty {

  /** Closed loop: no schedule, each client sends back to back. */
  record Closed() implements Arrival {
    @Override
    public String describe() {
      return "closed";
    }
  }

  /**
   * Open loop with exponential gaps.
   *
   * @param rate mean requests per second, positive
   */
  record Poisson(double rate) implements Arrival {
    /** Validates. */
    public Poisson {
      checkRate(rate);
    }

    @Override
    public String describe() {
      return "poisson:" + number(rate);
    }

    @Override
    public ArrivalSchedule schedule(long seed) {
      return new PoissonSchedule(rate, 1, seed);
    }
  }

  /**
   * Open loop in bursts of simultaneous requests; bursts have exponential gaps.
   *
   * @param rate mean requests per second, positive
   * @param burst requests per burst, at least 1
   */
  record Bursty(double rate, int burst) implements Arrival {
    /** Validates. */
    public Bursty {
      checkRate(rate);
      if (burst < 1) {
        throw new IllegalArgumentException("--arrival bursty: BURST must be at least 1, got " + burst);
      }
    }

    @Override
    public String describe() {
      return "bursty:" + number(rate) + ":" + burst;
    }

    @Override
    public ArrivalSchedule schedule(long seed) {
      return new PoissonSchedule(rate / burst, burst, seed);
    }
  }

  /** @return the option text that gives this arrival, e.g. {@code poisson:2000} */
  String describe();

  /** @return whether requests follow a schedule rather than the previous response */
  default boolean isOpenLoop() {
    return !(this instanceof Closed);
  }

  /**
   * @param seed seed of the random gaps; equal seeds give equal schedules
   * @return a fresh schedule of intended send times
   * @throws UnsupportedOperationException for {@link Closed}, which has none
   */
  default ArrivalSchedule schedule(long seed) {
    throw new UnsupportedOperationException("a closed loop has no arrival schedule");
  }

  /**
   * @param text what followed {@code --arrival}
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Arrival parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
    try {
      switch (parts[0]) {
        case "closed":
          if (parts.length == 1) {
            return new Closed();
          }
          break;
        case "poisson":
          if (parts.length == 2) {
            return new Poisson(Double.parseDouble(parts[1]));
          }
          break;
        case "bursty":
          if (parts.length == 3) {
            return new Bursty(Double.parseDouble(parts[1]), Integer.parseInt(parts[2]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted forms
    }
    throw new IllegalArgumentException(
        "--arrival must be closed, poisson:RATE or bursty:RATE:BURST (RATE in requests/s), got '" + text + "'");
  }

  private static void checkRate(double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--arrival RATE must be a positive number of requests/s, got " + rate);
    }
  }

  /** {@code 2000} rather than {@code 2000.0}, so that a described arrival parses back to itself. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
