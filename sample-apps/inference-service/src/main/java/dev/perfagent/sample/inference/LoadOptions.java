package dev.perfagent.sample.inference;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@code load} command, which drives a model in this JVM without HTTP:
 *
 * <pre>
 * load [--model mlp|onnx-small|onnx-large|noop] [--layers 256,1024,16] [--intra-op-threads N]
 *      [--device cpu|cuda] [--clients N] [--virtual-threads] [--arrival closed|poisson:RATE|bursty:RATE:BURST]
 *      [--warmup D] [--duration D] [--seed N] [--slo D] [--ceiling [--batch-size B]]
 * </pre>
 *
 * <p>{@code --ceiling} makes each of the {@code --clients} threads call {@code scoreBatch} on
 * pre-formed batches of {@code --batch-size} items instead of {@code score} on one; it runs closed
 * loop only.
 *
 * @param model which model to build
 * @param layers its layer sizes, input first
 * @param intraOpThreads ONNX Runtime threads per run (the ONNX models only)
 * @param device where the model runs; {@link Device#CUDA} with the ONNX models only
 * @param plan clients, arrival, periods, seed and objective
 * @param ceiling whether to call {@code scoreBatch} on pre-formed batches
 * @param batchSize items per {@code scoreBatch} call of a ceiling run
 */
public record LoadOptions(
    ModelKind model, int[] layers, int intraOpThreads, Device device, LoadPlan plan, boolean ceiling, int batchSize) {

  /** Default model: the larger ONNX MLP, the one the batching targets are stated for. */
  public static final ModelKind DEFAULT_MODEL = ModelKind.ONNX_LARGE;
  /** Default number of worker threads. */
  public static final int DEFAULT_CLIENTS = 64;
  /** Default warm-up: the JIT compiles the hot paths, and a batcher's controller settles. */
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(3);
  /** Default measured period. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  /** Default seed of the inputs and of the arrival schedule. */
  public static final long DEFAULT_SEED = 42L;
  /** Default batch size of a ceiling run: the batch layer's default {@code max-size}. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** Validates and defensively copies. */
  public LoadOptions {
    if (model == null || device == null || plan == null) {
      throw new IllegalArgumentException("model, device and plan must not be null");
    }
    device.checkSupports(model);
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("--intra-op-threads must be at least 1, got " + intraOpThreads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (ceiling && plan.arrival().isOpenLoop()) {
      throw new IllegalArgumentException("--ceiling runs closed loop only; drop --arrival " + plan.arrival().describe());
    }
    layers = layers.clone();
  }

  @Override
  public int[] layers() {
    return layers.clone();
  }

  /** @return {@code ceiling}, {@code open} or {@code closed} */
  public String mode() {
    return ceiling ? "ceiling" : plan.arrival().isOpenLoop() ? "open" : "closed";
  }

  /**
   * @param args the arguments after the {@code load} word
   * @throws IllegalArgumentException on an unknown option or a bad value
   */
  public static LoadOptions parse(List<String> args) {
    ModelKind model = DEFAULT_MODEL;
    int[] layers = null;
    int intraOpThreads = OnnxMlpModel.DEFAULT_INTRA_OP_THREADS;
    Device device = Device.DEFAULT;
    int clients = DEFAULT_CLIENTS;
    Arrival arrival = new Arrival.Closed();
    Duration warmup = DEFAULT_WARMUP;
    Duration duration = DEFAULT_DURATION;
    long seed = DEFAULT_SEED;
    Optional<Duration> slo = Optional.empty();
    boolean ceiling = false;
    Integer batchSize = null;
    boolean virtualThreads = false;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--model": model = ModelKind.fromOption(ServerOptions.value(args, ++i, option)); break;
        case "--layers": layers = ServerOptions.parseLayers(ServerOptions.value(args, ++i, option)); break;
        case "--intra-op-threads": intraOpThreads = ServerOptions.intValue(args, ++i, option); break;
        case "--device": device = Device.fromOption(ServerOptions.value(args, ++i, option)); break;
        case "--clients": clients = ServerOptions.intValue(args, ++i, option); break;
        case "--arrival": arrival = Arrival.parse(ServerOptions.value(args, ++i, option)); break;
        case "--warmup": warmup = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--duration": duration = DurationArgument.parse(ServerOptions.value(args, ++i, option)); break;
        case "--seed": seed = ServerOptions.longValue(args, ++i, option); break;
        case "--slo": slo = Optional.of(DurationArgument.parse(ServerOptions.value(args, ++i, option))); break;
        case "--ceiling": ceiling = true; break;
        case "--batch-size": batchSize = ServerOptions.intValue(args, ++i, option); break;
        case "--virtual-threads": virtualThreads = true; break;
        default: throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (batchSize != null && !ceiling) {
      throw new IllegalArgumentException("--batch-size applies to --ceiling runs only");
    }
    if (virtualThreads && !WorkerThreads.virtualAvailable()) {
      throw new IllegalArgumentException("--virtual-threads needs JDK 21 or later; this is " + Runtime.version());
    }
    LoadPlan plan = new LoadPlan(clients, arrival, warmup, duration, seed, slo, virtualThreads);
    return new LoadOptions(model, ServerOptions.resolveLayers(model, layers), intraOpThreads, device, plan, ceiling,
        batchSize == null ? DEFAULT_BATCH_SIZE : batchSize);
  }
}
