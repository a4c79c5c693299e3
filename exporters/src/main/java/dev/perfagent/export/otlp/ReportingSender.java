package dev.perfagent.export.otlp;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends each push with Micrometer's OTLP/HTTP sender and keeps its failures inside the agent: a
 * receiver that is down or answers with an error is reported to the agent's log (which rate-limits
 * it), never thrown to Micrometer, which would log it on the host's {@code java.util.logging}.
 * After every push, failed or not, it runs {@code afterPush}: the next push reads fresh figures.
 */
final class ReportingSender implements OtlpMetricsSender {

  private final OtlpMetricsSender delegate;
  private final Consumer<String> problems;
  private final Runnable afterPush;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  ReportingSender(OtlpMetricsSender delegate, Consumer<String> problems, Runnable afterPush) {
    this.delegate = delegate;
    this.problems = problems;
    this.afterPush = afterPush;
  }

  @Override
  public void send(Request request) {
    try {
      delegate.send(request);
      sent.incrementAndGet();
    } catch (Exception | LinkageError e) {
      failed.incrementAndGet();
      report("OTLP push to " + request.getAddress() + " failed (the next push tries again): " + e);
    } finally {
      afterPush.run();
    }
  }

  /** {@return the pushes the receiver accepted} */
  long sent() {
    return sent.get();
  }

  /** {@return the pushes that failed} */
  long failed() {
    return failed.get();
  }

  private void report(String message) {
    try {
      problems.accept(message);
    } catch (RuntimeException e) {
      // the log is best effort; the push thread must go on
    }
  }
}
