package dev.perfagent.sample.inference;

/**
 * The {@code bench} command: drives the service over HTTP with a {@link LoadGenerator}, closed or
 * open loop, then reports.
 */
final class BenchCommand {

  private BenchCommand() {}

  /** @throws InterruptedException if interrupted while waiting for the workers */
  static LoadReport run(BenchOptions options) throws InterruptedException {
    HttpTarget target = new HttpTarget(options.target());
    LoadFigures figures = new LoadGenerator(options.plan(), target).run();
    // The model runs in the server's process: its batch counts are not known here.
    return new LoadReport(options.mode(), options.target().toString(), null, options.plan(),
        target.itemsPerRequest(), figures, -1, -1);
  }
}
