package dev.perfagent.sample.inference;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@code bench} command, which loads the service over HTTP:
 *
 * <pre>
 * bench [--clients N] [--duration D] [--warmup D] [--target URL]
 *       [--arrival closed|poisson:RATE|bursty:RATE:BURST] [--seed N] [--slo D]
 * </pre>
 *
 * @param plan clients, arrival, periods, seed and objective
 * @param target URL to GET; each request appends a distinct {@code seed} query parameter
 */
public record BenchOptions(LoadPlan plan, URI target) {

  /** Default number of clients. */
  public static final int DEFAULT_CLIENTS = 8;
  /** Default measured period. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  /** Default warm-up: long enough for the JIT to compile the hot paths of both sides. */
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(1);
  /** Default target. */
  public static final URI DEFAULT_TARGET = URI.create("http://127.0.0.1:8080/score");

  /** Validates. */
  public BenchOptions {
    if (plan == null) {
      throw new IllegalArgumentException("plan must not be null");
    }
    if (!"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new IllegalArgumentException("--target must be an http:// URL with a host, got " + target);
    }
  }

  /**
   * @param args the arguments after the {@code bench} word
   * @throws IllegalArgumentException on an unknown option or a bad value
   */
  public static BenchOptions parse(List<String> args) {
    int clients = DEFAULT_CLIENTS;
    Duration duration = DEFAULT_DURATION;
    Duration warmup = DEFAULT_WARMUP;
    URI target = DEFAULT_TARGET;
    Arrival arrival = new Arrival.Closed();
    long seed = LoadOptions.DEFAULT_SEED;
    Optional<Duration> slo = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--clients": clients = ServerOptions.intValue(args, ++i, option); break;
        case "--duration": duration = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--warmup": warmup = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--target": target = parseTarget(ServerOptions.value(args, ++i, option)); break;
        case "--arrival": arrival = Arrival.parse(ServerOptions.value(args, ++i, option)); break;
        case "--seed": seed = ServerOptions.longValue(args, ++i, option); break;
        case "--slo": slo = Optional.of(DurationArgument.parse(ServerOptions.value(args, ++i, option))); break;
        default: throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new BenchOptions(new LoadPlan(clients, arrival, warmup, duration, seed, slo), target);
  }

  /** @return {@code open} or {@code closed} */
  public String mode() {
    return plan.arrival().isOpenLoop() ? "open" : "closed";
  }

  private static URI parseTarget(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--target is not a URL: " + e.getMessage());
    }
  }
}
