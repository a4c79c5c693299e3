package dev.perfagent.sample.inference;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code inference-service.jar}.
 *
 * <pre>
 * java -jar inference-service.jar [serve] [--port N] [--host H] [--layers 256,1024,16] [--threads N]
 * java -jar inference-service.jar bench --clients N --duration D --target URL [--warmup D]
 * </pre>
 *
 * {@code serve} prints exactly one line, {@code inference-service listening on http://HOST:PORT},
 * once it accepts requests. {@code bench} prints one JSON object when done.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar inference-service.jar [serve] [--port N] [--host H] [--layers 256,1024,16] [--threads N]\n"
          + "       java -jar inference-service.jar bench [--clients N] [--duration D] [--target URL] [--warmup D]\n"
          + "       (D like 500ms, 10s, 1m; defaults: port 8080, host 127.0.0.1, threads 16, clients 8,\n"
          + "        duration 10s, warmup 1s, target http://127.0.0.1:8080/score)";

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
    MlpModel model = new MlpModel(options.layers(), MlpModel.DEFAULT_SEED);
    InferenceServer server;
    try {
      server = InferenceServer.start(options, model);
    } catch (IOException e) {
      err.println("inference-service: cannot listen on " + options.host() + ":" + options.port() + ": " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "inference-shutdown"));
    out.println("inference-service listening on " + server.baseUri());
    out.flush();
    return 0;
  }
}
