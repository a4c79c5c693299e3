package dev.perfagent.sample.inference;

/**
 * The {@code load} command: drives a model in this JVM with a {@link LoadGenerator}, single {@code
 * score} calls from many threads (or, with {@code --ceiling}, {@code scoreBatch} calls on pre-formed
 * batches), then reports. A batching layer woven into {@code score} (an agent) sees exactly the
 * calls a multi-threaded service would make.
 */
final class LoadCommand {

  private LoadCommand() {}

  /**
   * Runs the load against {@code model}, then closes it.
   *
   * @param model built from {@code options}; this method owns it
   * @throws IllegalStateException if a worker cannot be set up
   * @throws InterruptedException if interrupted while waiting for the workers
   */
  static LoadReport run(LoadOptions options, ScoringModel model) throws InterruptedException {
    LoadReport report;
    try {
      report = measure(options, model);
    } catch (RuntimeException | InterruptedException e) {
      model.close();
      throw e;
    }
    // A native session must not be freed under a call still running: a stuck worker's model is left
    // to the end of the process.
    if (report.figures().stuckWorkers() == 0) {
      model.close();
    }
    return report;
  }

  private static LoadReport measure(LoadOptions options, ScoringModel model) throws InterruptedException {
    LoadTarget target = options.ceiling()
        ? new CeilingTarget(model, options.batchSize(), options.plan().seed())
        : new ModelTarget(model, options.plan().seed());
    long[] atStart = new long[2];
    LoadFigures figures = new LoadGenerator(options.plan(), target).run(() -> {
      atStart[0] = model.batchCalls();
      atStart[1] = model.batchedItems();
    });
    // Batches that finish after the period count here too; over a period of seconds they are a few.
    long batchCalls = model.batchCalls() - atStart[0];
    long batchedItems = model.batchedItems() - atStart[1];
    return new LoadReport(options.mode(), "in-process", options.model().optionValue(), options.plan(),
        target.itemsPerRequest(), figures, batchCalls, batchedItems);
  }
}
