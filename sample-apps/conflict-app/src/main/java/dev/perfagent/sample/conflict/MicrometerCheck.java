package dev.perfagent.sample.conflict;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Records into a Timer and a Counter of a fresh {@link SimpleMeterRegistry} and reads them back. */
public final class MicrometerCheck implements LibraryCheck {

  @Override
  public String name() {
    return "micrometer";
  }

  @Override
  public String run() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try {
      Timer timer = Timer.builder("conflict.app.work").tag("lib", "micrometer").register(registry);
      Counter counter = Counter.builder("conflict.app.rounds").register(registry);
      Supplier<Long> work = () -> Workload.work(1_000);
      timer.record(work);
      timer.record(Duration.ofMillis(3));
      counter.increment();
      counter.increment(2);
      LibraryCheck.require(timer.count() == 2, "timer count " + timer.count() + ", expected 2");
      LibraryCheck.require(
          timer.totalTime(TimeUnit.MILLISECONDS) >= 3.0, "timer total " + timer.totalTime(TimeUnit.MILLISECONDS));
      LibraryCheck.require(counter.count() == 3.0, "counter " + counter.count() + ", expected 3");
      LibraryCheck.require(
          registry.find("conflict.app.work").tag("lib", "micrometer").timer() == timer, "registry lookup failed");
      return "";
    } finally {
      registry.close();
    }
  }
}
