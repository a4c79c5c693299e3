package dev.perfagent.sample.inference;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Options of the {@code bench} command: {@code --clients N --duration D --target URL [--warmup D]}.
 *
 * @param clients closed-loop client threads
 * @param duration measured period
 * @param warmup period before it whose requests are not counted
 * @param target URL to GET; each request appends a distinct {@code seed} query parameter
 */
public record BenchOptions(int clients, Duration duration, Duration warmup, URI target) {

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
    if (clients < 1) {
      throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive");
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup must not be negative");
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
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--clients": clients = ServerOptions.intValue(args, ++i, option); break;
        case "--duration": duration = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--warmup": warmup = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--target": target = parseTarget(ServerOptions.value(args, ++i, option)); break;
        default: throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new BenchOptions(clients, duration, warmup, target);
  }

  private static URI parseTarget(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--target is not a URL: " + e.getMessage());
    }
  }
}
