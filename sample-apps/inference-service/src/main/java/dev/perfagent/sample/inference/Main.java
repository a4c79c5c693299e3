package dev.perfagent.sample.inference;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code inference-service.jar}.
 *
 * <pre>
 * java -jar inference-service.jar [serve] [--port N] [--host H] [--model mlp|onnx-small|onnx-large]
 *     [--layers 256,1024,16] [--threads N] [--intra-op-threads N]
 * java -jar inference-service.jar bench --clients N --duration D --target URL [--warmup D]
 * </pre>
 *
 * {@code serve} prints exactly one line, {@code inference-service listening on http://HOST:PORT},
 * once it accepts requests. {@code bench} prints one JSON object when done.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar inference-service.jar [serve] [--port N] [--host H] [--model mlp|onnx-small|onnx-large]\n"
          + "           [--layers 256,1024,16] [--threads N] [--intra-op-threads N]\n"
          + "       java -jar inference-service.jar bench [--clients N] [--duration D] [--target URL] [--warmup D]\n"
          + "       (D like 500ms, 10s, 1m; defaults: port 8080, host 127.0.0.1, model mlp, threads 16,\n"
          + "        intra-op-threads 1, clients 8, duration 10s, warmup 1s, target http://127.0.0.1:8080/score;\n"
          + "        --layers sizes mlp only: onnx-small is 64,128,16 and onnx-large 256,1024,16)";

  private Main() {}

  /** Starts the server (the JVM keeps running on its threads) or runs the load generator. */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs one command. For {@code serve} this returns once the server is listening.
   *
   * @return the exit status: 0 on success, 2 on a usage error, 1 if the server cannot start
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
        out.println(new LoadGenerator(options).run().toJson());
        return 0;
      }
      List<String> rest = !list.isEmpty() && list.get(0).equals("serve") ? list.subList(1, list.size()) : list;
      return serve(ServerOptions.parse(rest), out, err);
    } catch (IllegalArgumentException e) {
      err.println("inference-service: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  private static int serve(ServerOptions options, PrintStream out, PrintStream err) {
    ScoringModel model;
    try {
      model = options.model().open(options.layers(), MlpModel.DEFAULT_SEED, options.intraOpThreads());
    } catch (RuntimeException e) {
      err.println("inference-service: cannot load the " + options.model().optionValue() + " model: " + e);
      return 1;
    } catch (LinkageError e) {
      err.println(
          "inference-service: cannot load the " + options.model().optionValue() + " model: ONNX Runtime is missing"
              + " or its native library cannot load (the jar expects lib/ from the build beside it): " + e);
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
