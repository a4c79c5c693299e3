package dev.perfagent.export;

import java.util.List;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** A {@link BatchMetrics} with fixed figures and histograms the test fills. */
public final class FakeBatchMetrics implements BatchMetrics {

  private final int id;
  private final String rule;
  private final String method;
  private final String via;
  private final Histogram sizes = new Histogram(3);
  private final Histogram queueWait = new Histogram(3);
  private final Histogram service = new Histogram(3);
  public volatile long items;
  public volatile long batches;
  public volatile long rejectedFull;
  public volatile long rejectedShed;
  public volatile long timedOut;
  public volatile long isolatedFailures;
  public volatile long runAlone;
  public volatile int maxSize = 64;
  public volatile int cap = 64;
  public volatile double delaySeconds;
  public volatile double costFixedSeconds = Double.NaN;
  public volatile double costPerItemSeconds = Double.NaN;
  public volatile OptionalLong sloNanos = OptionalLong.empty();
  public volatile double observedP99Seconds = Double.NaN;
  public volatile double callerConcurrency = Double.NaN;
  public volatile String offReason;
  public volatile String memoryOffReason = NOT_MEASURED;
  public volatile double memoryPerItemBytes = Double.NaN;
  public volatile int memoryCap;
  public volatile List<BatchExecutorFigures> executors = List.of();

  public FakeBatchMetrics(int id, String rule, String method, String via) {
    this.id = id;
    this.rule = rule;
    this.method = method;
    this.via = via;
  }

  /** Records one batch of {@code size} calls that took {@code serviceMicros} µs. */
  public synchronized FakeBatchMetrics batch(int size, long serviceMicros) {
    sizes.recordValue(size);
    service.recordValue(TimeUnit.MICROSECONDS.toNanos(serviceMicros));
    items += size;
    batches++;
    return this;
  }

  /** Records that one call waited {@code micros} µs in the queue. */
  public synchronized FakeBatchMetrics waited(long micros) {
    queueWait.recordValue(TimeUnit.MICROSECONDS.toNanos(micros));
    return this;
  }

  public FakeBatchMetrics slo(long millis) {
    sloNanos = OptionalLong.of(TimeUnit.MILLISECONDS.toNanos(millis));
    return this;
  }

  @Override public int id() { return id; }
  @Override public String rule() { return rule; }
  @Override public String method() { return method; }
  @Override public String via() { return via; }
  @Override public long items() { return items; }
  @Override public long batches() { return batches; }
  @Override public long rejectedFull() { return rejectedFull; }
  @Override public long rejectedShed() { return rejectedShed; }
  @Override public long timedOut() { return timedOut; }
  @Override public long isolatedFailures() { return isolatedFailures; }
  @Override public long runAlone() { return runAlone; }
  @Override public synchronized Histogram batchSizes() { return sizes.copy(); }
  @Override public synchronized Histogram queueWaitNanos() { return queueWait.copy(); }
  @Override public synchronized Histogram serviceNanos() { return service.copy(); }
  @Override public int maxSize() { return maxSize; }
  @Override public int cap() { return cap; }
  @Override public double delaySeconds() { return delaySeconds; }
  @Override public double costFixedSeconds() { return costFixedSeconds; }
  @Override public double costPerItemSeconds() { return costPerItemSeconds; }
  @Override public OptionalLong sloNanos() { return sloNanos; }
  @Override public double observedP99Seconds() { return observedP99Seconds; }
  @Override public double callerConcurrency() { return callerConcurrency; }
  @Override public String offReason() { return offReason; }
  @Override public String memoryOffReason() { return memoryOffReason; }
  @Override public double memoryPerItemBytes() { return memoryPerItemBytes; }
  @Override public int memoryCap() { return memoryCap; }
  @Override public List<BatchExecutorFigures> executors() { return executors; }
}
