package dev.perfagent.export;

import java.util.List;
import java.util.OptionalLong;

/**
 * Live figures of the batch layer of one woven method ("site"), as the agent exposes them to the
 * exporters.
 *
 * <p>The agent implements this once per batched site, beside its {@link SiteMetrics}. Every method
 * may be called from any thread at any time (an HTTP scrape runs concurrently with the host's
 * calls), so implementations must be thread-safe and cheap. The counters are monotonic and may be
 * read without any lock, so a reader can see {@code batches()} from a slightly later moment than
 * {@code items()}; the gauges are the controller's current values.
 *
 * <p>How a call is counted: a call that joins a batch is counted once in {@link #items()} when its
 * batch ends, whatever its result. A call that does not join one is counted in {@link
 * #rejectedFull()} or {@link #rejectedShed()}; if it then runs the original method on its own
 * thread ({@code when-full: run-alone}) it is counted in {@link #runAlone()} too, otherwise it
 * fails with {@code CallRejectedException}. So {@code runAlone() <= rejectedFull() +
 * rejectedShed()}.
 */
public interface BatchMetrics {

  /**
   * What {@link #memoryOffReason()} says by default: the implementation does not do memory-aware
   * batching at all, and {@code /status} leaves its members out.
   */
  String NOT_MEASURED = "not measured";

  /** {@return the site id: the same as the {@link SiteMetrics#id()} of the batched site} */
  int id();

  /** {@return the name of the configuration rule that matched this method} */
  String rule();

  /**
   * {@return the matched method in pattern notation, for example {@code
   * com.example.Model#score(float[])}; the same as {@link SiteMetrics#method()}}
   */
  String method();

  /**
   * {@return the batch form the calls are merged into, for example {@code
   * com.example.Model#scoreBatch([[F)[[F}}
   */
  String via();

  /** {@return the calls that ran as part of a batch, failed or not; monotonic} */
  long items();

  /**
   * {@return the batches formed and handed to the batch method; monotonic. A batch that failed and
   * was split to isolate the failing calls counts once}
   */
  long batches();

  /**
   * {@return the calls that could not join the queue because it was full (with {@code when-full:
   * block}, only those that gave up waiting); monotonic}
   */
  long rejectedFull();

  /**
   * {@return the calls refused on arrival because the controller predicted they would miss the
   * latency objective; monotonic, zero without an SLO}
   */
  long rejectedShed();

  /**
   * {@return the calls that left with {@code CallTimeoutException} because their result did not
   * come within the configured timeout; monotonic}
   */
  long timedOut();

  /**
   * {@return the calls that failed on their own after their batch failed and was split (by
   * bisection) to find the failing calls; only these callers got the exception; monotonic}
   */
  long isolatedFailures();

  /**
   * {@return the calls that ran the original method alone on the caller's thread instead of in a
   * batch, after the queue was full or they were shed ({@code when-full: run-alone}); monotonic}
   */
  long runAlone();

  /**
   * Batch sizes since the site was woven: one value per batch in {@link #batches()}, each the
   * number of calls in that batch (1 to {@link #maxSize()}); a fresh copy the caller may keep.
   *
   * @return a histogram the caller owns and may modify; never {@code null}
   */
  org.HdrHistogram.Histogram batchSizes();

  /**
   * Queue waits since the site was woven, in nanoseconds: one value per call in {@link #items()},
   * the time from its arrival until its batch started; a fresh copy the caller may keep.
   *
   * @return a histogram the caller owns and may modify; never {@code null}
   */
  org.HdrHistogram.Histogram queueWaitNanos();

  /**
   * Service times since the site was woven, in nanoseconds: one value per batch in {@link
   * #batches()}, the time the batch method took for it (including any re-runs to isolate a
   * failure); a fresh copy the caller may keep.
   *
   * @return a histogram the caller owns and may modify; never {@code null}
   */
  org.HdrHistogram.Histogram serviceNanos();

  /** {@return the largest batch ever formed, as configured ({@code max-size}); at least 1} */
  int maxSize();

  /**
   * {@return the largest batch the controller lets form now; between 1 and {@link #maxSize()}.
   * Equal to {@code maxSize()} without an SLO}
   */
  int cap();

  /**
   * {@return how long a free batch method now waits for a partial batch to fill, in seconds; 0
   * without an SLO}
   */
  double delaySeconds();

  /**
   * {@return the fixed cost {@code a} of the fitted service-time model {@code T(n) = a + b * n}, in
   * seconds per batch; {@code NaN} until the controller has enough batches to fit it}
   */
  double costFixedSeconds();

  /**
   * {@return the per-call cost {@code b} of the fitted service-time model {@code T(n) = a + b * n},
   * in seconds per call; {@code NaN} until the controller has enough batches to fit it}
   */
  double costPerItemSeconds();

  /** {@return the latency objective the batches are sized against, in nanoseconds, if any} */
  OptionalLong sloNanos();

  /**
   * {@return the controller's recent 99th percentile of the end-to-end latency of a batched call
   * (queue wait plus service), in seconds; {@code NaN} if unknown}
   */
  double observedP99Seconds();

  /**
   * {@return the mean number of callers inside the batched method at once, by Little's law: the
   * recent arrival rate times the recent mean end-to-end latency; {@code NaN} if unknown}
   */
  double callerConcurrency();

  /**
   * {@return why batching is off for this site now, for example {@code "batch method not found"};
   * {@code null} while batching is on}
   */
  String offReason();

  /**
   * {@return the device memory one item of a batch takes, in bytes, as memory-aware batching learnt it
   * from the device's free memory around batches of several sizes; {@code NaN} until learnt or while
   * memory-aware batching is off}
   */
  default double memoryPerItemBytes() {
    return Double.NaN;
  }

  /**
   * {@return the cap device memory sets now: the lower of the learnt cap (the predicted peak under
   * the device's memory less {@code gpu.memory-headroom}) and the cap out-of-memory failures left
   * (halved on each); 0 while memory sets none}
   */
  default int memoryCap() {
    return 0;
  }

  /**
   * {@return why memory-aware batching is off for this site, for example {@code "the cpu accelerator
   * reports no device memory for the model"}; {@code null} while it is on; {@link #NOT_MEASURED}
   * where the implementation has no memory-aware batching}
   */
  default String memoryOffReason() {
    return NOT_MEASURED;
  }

  /**
   * {@return the figures of each executor, in index order, when the site routes batches among
   * several (replicas); empty for a site with one executor per receiver}
   */
  default List<BatchExecutorFigures> executors() {
    return List.of();
  }
}
