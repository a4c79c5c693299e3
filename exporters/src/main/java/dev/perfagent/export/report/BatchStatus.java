package dev.perfagent.export.report;

import dev.perfagent.export.BatchExecutorFigures;
import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The live figures of the batch layer of one site in the {@code /status} report.
 *
 * <p>Sizes and times are over the whole life of the site (the histograms are cumulative); the
 * controller's values ({@code cap}, {@code delayMs}, costs, {@code observedP99Ms}, {@code
 * callerConcurrency}) are its current ones. A figure that is not known yet is {@code NaN} (written
 * as JSON {@code null}).
 *
 * @param via the batch form the calls are merged into
 * @param items calls that ran as part of a batch
 * @param batches batches handed to the batch method
 * @param meanBatchSize {@code items / batches}
 * @param p50BatchSize median batch size
 * @param p99BatchSize 99th percentile batch size
 * @param maxBatchSize largest batch
 * @param queueWaitP50Ms median time a call waited before its batch started
 * @param queueWaitP99Ms 99th percentile of that wait
 * @param serviceP50Ms median time the batch method took per batch
 * @param serviceP99Ms 99th percentile of that time
 * @param cap the largest batch the controller lets form now
 * @param maxSize the configured largest batch
 * @param delayMs how long a free batch method now waits for a partial batch to fill
 * @param costFixedUs the fixed cost {@code a} per batch of the fitted model {@code T(n) = a + b *
 *     n}, in microseconds
 * @param costPerItemUs the cost {@code b} per call of that model, in microseconds
 * @param observedP99Ms the controller's recent 99th percentile end-to-end latency of a call
 * @param sloMs the latency objective, or {@code null} when the rule sets none
 * @param callerConcurrency mean number of callers in the method at once (Little's law)
 * @param rejectedFull calls turned away by a full queue
 * @param rejectedShed calls refused as predicted to miss the objective
 * @param timedOut calls that timed out waiting for their result
 * @param isolatedFailures calls that failed alone after their batch was split to find them
 * @param runAlone calls that ran the original method alone on the caller's thread
 * @param enabled whether the layer batches calls now
 * @param offReason why it does not, or {@code null} while it does
 * @param limitedBy what keeps the batches from growing, by {@link #limitedBy(double, int, int,
 *     double)}; {@code null} before the first batch and while the layer is off
 * @param executors each executor's figures when the site routes batches among several (replicas);
 *     empty otherwise, and then left out of the JSON. In JSON each is an object with {@code executor}, {@code batches}, {@code
 *     items}, {@code failures}, {@code inFlight}, {@code servicePerCallMs} (the EWMA) and {@code
 *     inRotation}
 * @param memoryAware {@code "on"} while memory-aware batching learns the device memory per item,
 *     else {@code "off: "} and why (on the CPU: it reports no device memory for the model); {@code
 *     null} where the layer has no memory-aware batching, and then the three memory members are left
 *     out of the JSON
 * @param memoryPerItemBytes the learnt device memory per item, {@code NaN} until learnt
 * @param memoryCap the cap device memory sets now (learnt, or left by out-of-memory failures), or
 *     {@code null} while it sets none
 */
public record BatchStatus(
    String via,
    long items,
    long batches,
    double meanBatchSize,
    double p50BatchSize,
    double p99BatchSize,
    double maxBatchSize,
    double queueWaitP50Ms,
    double queueWaitP99Ms,
    double serviceP50Ms,
    double serviceP99Ms,
    int cap,
    int maxSize,
    double delayMs,
    double costFixedUs,
    double costPerItemUs,
    double observedP99Ms,
    Double sloMs,
    double callerConcurrency,
    long rejectedFull,
    long rejectedShed,
    long timedOut,
    long isolatedFailures,
    long runAlone,
    boolean enabled,
    String offReason,
    String limitedBy,
    List<BatchExecutorFigures> executors,
    String memoryAware,
    double memoryPerItemBytes,
    Integer memoryCap) {

  /** Copies the executor list; null reads as empty. */
  public BatchStatus {
    executors = executors == null ? List.of() : List.copyOf(executors);
  }

  /** A status without memory-aware batching figures (off, not measured). */
  public BatchStatus(String via, long items, long batches, double meanBatchSize,
      double p50BatchSize, double p99BatchSize, double maxBatchSize, double queueWaitP50Ms,
      double queueWaitP99Ms, double serviceP50Ms, double serviceP99Ms, int cap, int maxSize,
      double delayMs, double costFixedUs, double costPerItemUs, double observedP99Ms, Double sloMs,
      double callerConcurrency, long rejectedFull, long rejectedShed, long timedOut,
      long isolatedFailures, long runAlone, boolean enabled, String offReason, String limitedBy,
      List<BatchExecutorFigures> executors) {
    this(via, items, batches, meanBatchSize, p50BatchSize, p99BatchSize, maxBatchSize,
        queueWaitP50Ms, queueWaitP99Ms, serviceP50Ms, serviceP99Ms, cap, maxSize, delayMs,
        costFixedUs, costPerItemUs, observedP99Ms, sloMs, callerConcurrency, rejectedFull,
        rejectedShed, timedOut, isolatedFailures, runAlone, enabled, offReason, limitedBy,
        executors, null, Double.NaN, null);
  }

  /**
   * Batches count as "at the cap" when their mean size is at least this share of the cap: batch
   * sizes are whole numbers and the cap moves, so a mean of exactly the cap is rare.
   */
  public static final double AT_CAP_SHARE = 0.9;

  /**
   * Batches count as "as large as the callers allow" when their mean size is at least this share
   * of the caller concurrency.
   */
  public static final double CALLER_BOUND_SHARE = 0.8;

  private static final double NANOS_PER_MILLI = 1e6;

  /**
   * Takes a snapshot of a batch layer: its counters, the percentiles of its histograms and the
   * controller's current values, and works out {@link #limitedBy()}.
   *
   * @param metrics the batch layer
   * @return the snapshot
   * @throws RuntimeException whatever {@code metrics} throws
   */
  public static BatchStatus from(BatchMetrics metrics) {
    long items = metrics.items();
    long batches = metrics.batches();
    Histogram sizes = metrics.batchSizes();
    Histogram queueWait = metrics.queueWaitNanos();
    Histogram service = metrics.serviceNanos();
    int cap = metrics.cap();
    int maxSize = metrics.maxSize();
    double callerConcurrency = metrics.callerConcurrency();
    OptionalLong slo = metrics.sloNanos();
    String offReason = metrics.offReason();
    boolean enabled = offReason == null;
    double mean = batches > 0 ? (double) items / batches : Double.NaN;
    String memoryOff = metrics.memoryOffReason();
    int memoryCap = metrics.memoryCap();
    return new BatchStatus(
        metrics.via(),
        items,
        batches,
        mean,
        percentile(sizes, 50, 1),
        percentile(sizes, 99, 1),
        isEmpty(sizes) ? Double.NaN : sizes.getMaxValue(),
        percentile(queueWait, 50, NANOS_PER_MILLI),
        percentile(queueWait, 99, NANOS_PER_MILLI),
        percentile(service, 50, NANOS_PER_MILLI),
        percentile(service, 99, NANOS_PER_MILLI),
        cap,
        maxSize,
        metrics.delaySeconds() * 1e3,
        metrics.costFixedSeconds() * 1e6,
        metrics.costPerItemSeconds() * 1e6,
        metrics.observedP99Seconds() * 1e3,
        slo != null && slo.isPresent() ? slo.getAsLong() / NANOS_PER_MILLI : null,
        callerConcurrency,
        metrics.rejectedFull(),
        metrics.rejectedShed(),
        metrics.timedOut(),
        metrics.isolatedFailures(),
        metrics.runAlone(),
        enabled,
        offReason,
        enabled ? limitedBy(mean, cap, maxSize, callerConcurrency) : null,
        metrics.executors(),
        BatchMetrics.NOT_MEASURED.equals(memoryOff) ? null
            : memoryOff == null ? "on" : "off: " + memoryOff,
        metrics.memoryPerItemBytes(),
        memoryCap > 0 ? memoryCap : null);
  }

  /**
   * Says what keeps the batches from growing. The rule, in this order:
   *
   * <ol>
   *   <li>no batch yet ({@code meanBatchSize} is {@code NaN}): {@code null};
   *   <li>the mean batch size is at least {@value #AT_CAP_SHARE} of the cap: {@code "cap: ..."},
   *       the batches are full; the text says whether the cap is the configured {@code max-size}
   *       (a larger one may batch more) or the controller's choice for the latency objective;
   *   <li>the caller concurrency {@code L} is known and the mean batch size is at least {@value
   *       #CALLER_BOUND_SHARE} of it: {@code "callers: ..."}. By Little's law {@code L = λ·W}
   *       (arrival rate times mean latency) is the mean number of calls in the method at once, and
   *       a batch can only hold calls that are there at the same time, so with about {@code L}
   *       threads calling, batches cannot grow beyond {@code L} however long they wait;
   *   <li>otherwise {@code "load: ..."}: calls arrive too slowly to fill the cap in the time the
   *       batch layer waits; batches grow with the load.
   * </ol>
   *
   * <p>Each text starts with its keyword and a colon, so a program can match the prefix.
   *
   * @param meanBatchSize items per batch since the site was woven, {@code NaN} before the first
   * @param cap the controller's current cap
   * @param maxSize the configured largest batch
   * @param callerConcurrency the mean number of calls in the method at once, {@code NaN} if unknown
   * @return the explanation, or {@code null} before the first batch
   */
  public static String limitedBy(
      double meanBatchSize, int cap, int maxSize, double callerConcurrency) {
    if (Double.isNaN(meanBatchSize)) {
      return null;
    }
    if (meanBatchSize >= AT_CAP_SHARE * cap) {
      return cap >= maxSize
          ? "cap: batches are full at max-size " + maxSize + "; a larger max-size may batch more"
          : "cap: batches are full at the cap of " + cap + " (max-size " + maxSize
              + ") the controller keeps to meet the latency objective";
    }
    if (callerConcurrency > 0
        && Double.isFinite(callerConcurrency)
        && meanBatchSize >= CALLER_BOUND_SHARE * callerConcurrency) {
      long n = Math.max(1, Math.round(callerConcurrency));
      return "callers: about " + n + (n == 1 ? " thread calls" : " threads call")
          + " at once, so batches cannot grow beyond " + n
          + "; more caller threads (or async callers) would batch more";
    }
    return "load: calls arrive too slowly to fill batches of " + cap
        + " while the batch method is free; batches grow with the load";
  }

  private static boolean isEmpty(Histogram h) {
    return h == null || h.getTotalCount() == 0;
  }

  private static double percentile(Histogram h, double percentile, double divisor) {
    return isEmpty(h) ? Double.NaN : h.getValueAtPercentile(percentile) / divisor;
  }

  /**
   * Writes this record as a JSON object whose members are named like the record components.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("via").value(via)
        .name("items").value(items)
        .name("batches").value(batches)
        .name("meanBatchSize").value(meanBatchSize)
        .name("p50BatchSize").value(p50BatchSize)
        .name("p99BatchSize").value(p99BatchSize)
        .name("maxBatchSize").value(maxBatchSize)
        .name("queueWaitP50Ms").value(queueWaitP50Ms)
        .name("queueWaitP99Ms").value(queueWaitP99Ms)
        .name("serviceP50Ms").value(serviceP50Ms)
        .name("serviceP99Ms").value(serviceP99Ms)
        .name("cap").value(cap)
        .name("maxSize").value(maxSize)
        .name("delayMs").value(delayMs)
        .name("costFixedUs").value(costFixedUs)
        .name("costPerItemUs").value(costPerItemUs)
        .name("observedP99Ms").value(observedP99Ms)
        .name("sloMs").value(sloMs)
        .name("callerConcurrency").value(callerConcurrency)
        .name("rejectedFull").value(rejectedFull)
        .name("rejectedShed").value(rejectedShed)
        .name("timedOut").value(timedOut)
        .name("isolatedFailures").value(isolatedFailures)
        .name("runAlone").value(runAlone)
        .name("enabled").value(enabled)
        .name("offReason").value(offReason)
        .name("limitedBy").value(limitedBy);
    if (memoryAware != null) {
      out.name("memoryAware").value(memoryAware)
          .name("memoryPerItemBytes").value(memoryPerItemBytes)
          .name("memoryCap").value(memoryCap);
    }
    if (executors.isEmpty()) {
      out.endObject();   // one executor per receiver: the report as it always was
      return;
    }
    out.name("executors").beginArray();
    for (BatchExecutorFigures e : executors) {
      out.beginObject()
          .name("executor").value(e.executor())
          .name("batches").value(e.batches())
          .name("items").value(e.items())
          .name("failures").value(e.failures())
          .name("inFlight").value(e.inFlight())
          .name("servicePerCallMs").value(e.servicePerCallSeconds() * 1e3)
          .name("inRotation").value(e.inRotation())
          .endObject();
    }
    out.endArray().endObject();
  }
}
