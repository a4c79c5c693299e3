package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Options of the {@code serve} command: {@code [--port N] [--host H] [--model mlp|onnx-small|onnx-large|noop]
 * [--layers 256,1024,16] [--threads N] [--virtual-threads] [--intra-op-threads N] [--device cpu|cuda]}.
 *
 * <p>{@code --layers} sizes only the pure-Java {@code mlp} model and the {@code noop} model; the ONNX models have fixed sizes
 * (see {@link ModelKind}), so asking for other sizes with them is an error rather than ignored. Likewise
 * {@code --device cuda} is an error with the no-op model.
 *
 * @param host address to bind and to print
 * @param port port to bind; 0 picks a free one
 * @param layers model layer sizes, input first
 * @param threads request worker threads (ignored with {@code virtualThreads})
 * @param model which model to serve
 * @param intraOpThreads ONNX Runtime threads per run (the ONNX models only)
 * @param device where the model runs; {@link Device#CUDA} not with the no-op model
 * @param virtualThreads one virtual thread per request (JDK 21+) instead of the pool of {@code threads}
 */
public record ServerOptions(String host, int port, int[] layers, int threads, ModelKind model, int intraOpThreads,
    Device device, boolean virtualThreads) {

  /** Default bind address: loopback, so a sample never listens on a public interface unasked. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Default port. */
  public static final int DEFAULT_PORT = 8080;
  /** Default number of request threads. */
  public static final int DEFAULT_THREADS = 16;
  /** Default model: the pure-Java MLP. */
  public static final ModelKind DEFAULT_MODEL = ModelKind.MLP;

  /** Validates and defensively copies. */
  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    if (layers.length < 2) {
      throw new IllegalArgumentException("--layers needs at least an input and an output size");
    }
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("--intra-op-threads must be at least 1, got " + intraOpThreads);
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    device.checkSupports(model);
    layers = layers.clone();
  }

  @Override
  public int[] layers() {
    return layers.clone();
  }

  /**
   * @param args the arguments after the optional {@code serve} word
   * @throws IllegalArgumentException on an unknown option or a bad value
   */
  public static ServerOptions parse(List<String> args) {
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    int[] layers = null;
    int threads = DEFAULT_THREADS;
    ModelKind model = DEFAULT_MODEL;
    int intraOpThreads = OnnxMlpModel.DEFAULT_INTRA_OP_THREADS;
    Device device = Device.DEFAULT;
    boolean virtualThreads = false;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--host": host = value(args, ++i, option); break;
        case "--port": port = intValue(args, ++i, option); break;
        case "--threads": threads = intValue(args, ++i, option); break;
        case "--layers": layers = parseLayers(value(args, ++i, option)); break;
        case "--model": model = ModelKind.fromOption(value(args, ++i, option)); break;
        case "--intra-op-threads": intraOpThreads = intValue(args, ++i, option); break;
        case "--device": device = Device.fromOption(value(args, ++i, option)); break;
        case "--virtual-threads": virtualThreads = true; break;
        default: throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (virtualThreads && !WorkerThreads.virtualAvailable()) {
      throw new IllegalArgumentException("--virtual-threads needs JDK 21 or later; this is " + Runtime.version());
    }
    return new ServerOptions(host, port, resolveLayers(model, layers), threads, model, intraOpThreads, device,
        virtualThreads);
  }

  /**
   * @param layers what {@code --layers} gave, or null
   * @return the sizes {@code model} is built with
   * @throws IllegalArgumentException if sizes were given for a model whose sizes are fixed
   */
  static int[] resolveLayers(ModelKind model, int[] layers) {
    if (!model.takesLayers()) {
      if (layers != null) {
        throw new IllegalArgumentException(
            "--layers applies to --model mlp and noop only; " + model.optionValue() + " is "
                + Arrays.stream(model.fixedLayers()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
      }
      return model.fixedLayers();
    }
    return layers == null ? MlpModel.DEFAULT_LAYER_SIZES : layers;
  }

  static int[] parseLayers(String text) {
    try {
      int[] sizes = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
      for (int size : sizes) {
        if (size <= 0) {
          throw new IllegalArgumentException("--layers sizes must be positive: " + text);
        }
      }
      return sizes;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--layers expects comma-separated sizes like 256,1024,16, got " + text);
    }
  }

  static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  static int intValue(List<String> args, int index, String option) {
    String text = value(args, index, option);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects an integer, got '" + text + "'");
    }
  }

  static long longValue(List<String> args, int index, String option) {
    String text = value(args, index, option);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects an integer, got '" + text + "'");
    }
  }
}
