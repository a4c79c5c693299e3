package dev.perfagent.sample.inference;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code inference-service.jar}.
 *
 * <pre>
 * java -jar inference-service.jar [serve] [--port N] [--host H] [--model mlp|onnx-small|onnx-large|noop]
 *     [--layers 256,1024,16] [--threads N] [--virtual-threads] [--intra-op-threads N] [--device cpu|cuda]
 * java -jar inference-service.jar bench [--clients N] [--duration D] [--warmup D] [--target URL]
 *     [--arrival closed|poisson:RATE|bursty:RATE:BURST] [--seed N] [--slo D]
 * java -jar inference-service.jar load [--model M] [--layers L] [--intra-op-threads N] [--device cpu|cuda]
 *     [--clients N] [--arrival A] [--warmup D] [--duration D] [--seed N] [--slo D] [--ceiling [--batch-size B]]
 * </pre>
 *
 * {@code serve} prints exactly one line, {@code inference-service listening on http://HOST:PORT},
 * once it accepts requests. {@code bench} (over HTTP) and {@code load} (threads calling the model in
 * this JVM) print one line of JSON when done; see {@link LoadReport} and {@link LoadGenerator}.
 *
 * <p>{@code --device cuda} runs an ONNX model on GPU 0 through ONNX Runtime's CUDA provider, which
 * only the {@code -Pgpu} build carries; where it cannot run (a CPU-only build, no GPU, driver or CUDA
 * library), {@code serve} and {@code load} exit with status 1 and one line on stderr that says why
 * (see {@link DeviceUnavailableException}).
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar inference-service.jar [serve] [--port N] [--host H] [--model mlp|onnx-small|onnx-large|noop]\n"
          + "           [--layers 256,1024,16] [--threads N] [--virtual-threads] [--intra-op-threads N]"
          + " [--device cpu|cuda]\n"
          + "       java -jar inference-service.jar bench [--clients N] [--duration D] [--warmup D] [--target URL]\n"
          + "           [--arrival closed|poisson:RATE|bursty:RATE:BURST] [--seed N] [--slo D]\n"
          + "       java -jar inference-service.jar load [--model M] [--layers L] [--intra-op-threads N] [--device cpu|cuda]\n"
          + "           [--clients N] [--virtual-threads] [--arrival A] [--warmup D] [--duration D] [--seed N] [--slo D]\n"
          + "           [--ceiling [--batch-size B]]\n"
          + "       (D like 500ms, 10s, 1m; RATE in requests/s. Defaults: port 8080, host 127.0.0.1, threads 16,\n"
          + "        intra-op-threads 1, arrival closed, seed 42, no slo; serve: model mlp; bench: clients 8,\n"
          + "        duration 10s, warmup 1s, target http://127.0.0.1:8080/score; load: model onnx-large,\n"
          + "        clients 64, duration 10s, warmup 3s, batch-size 64. --layers sizes mlp and noop only:\n"
          + "        onnx-small is 64,128,16 and onnx-large 256,1024,16. --device: cpu by default; cuda runs\n"
          + "        onnx-small and onnx-large on GPU 0 and needs the -Pgpu build. load times requests from their\n"
          + "        intended send time; bursty sends BURST requests at once, bursts at RATE/BURST per second)";

  private Main() {}

  /** Starts the server (the JVM keeps running on its threads) or runs a load generator. */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs one command. For {@code serve} this returns once the server is listening.
   *
   * @return the exit status: 0 on success, 2 on a usage error, 1 if the model or the server cannot
   *     start (an unusable {@code --device} included)
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    try {
      if (!list.isEmpty() && list.get(0).equals("bench")) {
        BenchOptions options = BenchOptions.parse(list.subList(1, list.size()));
        out.println(BenchCommand.run(options).toJson());
        return 0;
      }
      if (!list.isEmpty() && list.get(0).equals("load")) {
        return load(LoadOptions.parse(list.subList(1, list.size())), out, err);
      }
      List<String> rest = !list.isEmpty() && list.get(0).equals("serve") ? list.subList(1, list.size()) : list;
      return serve(ServerOptions.parse(rest), out, err);
    } catch (IllegalArgumentException e) {
      err.println("inference-service: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  private static int load(LoadOptions options, PrintStream out, PrintStream err) throws InterruptedException {
    ScoringModel model;
    try {
      model = options.model().open(options.layers(), MlpModel.DEFAULT_SEED, options.intraOpThreads(), options.device());
    } catch (DeviceUnavailableException e) {
      err.println("inference-service: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("inference-service: cannot load the " + options.model().optionValue() + " model: " + e);
      return 1;
    } catch (LinkageError e) {
      err.println(onnxMissing(options.model(), e));
      return 1;
    }
    out.println(LoadCommand.run(options, model).toJson());
    out.flush();
    return 0;
  }

  private static String onnxMissing(ModelKind model, LinkageError e) {
    return "inference-service: cannot load the " + model.optionValue() + " model: ONNX Runtime is missing"
        + " or its native library cannot load (the jar expects lib/ from the build beside it): " + e;
  }

  private static int serve(ServerOptions options, PrintStream out, PrintStream err) {
    ScoringModel model;
    try {
      model = options.model().open(options.layers(), MlpModel.DEFAULT_SEED, options.intraOpThreads(), options.device());
    } catch (DeviceUnavailableException e) {
      err.println("inference-service: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("inference-service: cannot load the " + options.model().optionValue() + " model: " + e);
      return 1;
    } catch (LinkageError e) {
      err.println(onnxMissing(options.model(), e));
      return 1;
    }
    InferenceServer server;
    try {
      server = InferenceServer.start(options, model);
    } catch (IOException e) {
      err.println("inference-service: cannot listen on " + options.host() + ":" + options.port() + ": " + e);
      model.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // The server first: it waits for running requests, which must not outlive the model.
      server.close();
      model.close();
    }, "inference-shutdown"));
    out.println("inference-service listening on " + server.baseUri());
    out.flush();
    return 0;
  }
}
