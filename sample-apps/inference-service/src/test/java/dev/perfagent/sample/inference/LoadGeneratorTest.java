package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * What the generator counts and from when it times. Only lower bounds on latency are asserted:
 * they follow from the schedule and from how long a fake call is made to take, however busy the
 * machine is.
 */
class LoadGeneratorTest {

  @Test
  void closedLoopCountsTheRequestsFinishedInTheMeasuredPeriod() throws Exception {
    AtomicLong calls = new AtomicLong();
    LoadPlan plan = plan(2, new Arrival.Closed(), 50, 200, Optional.empty());
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> calls.incrementAndGet()).run();
    assertTrue(figures.completed() > 0);
    // Warm-up calls happened but are not counted.
    assertTrue(figures.completed() < calls.get());
    assertEquals(figures.completed(), figures.latency().getTotalCount());
    assertEquals(0, figures.errorCount());
    assertEquals(0, figures.unsent());
    assertEquals(figures.completed(), figures.offered());
    assertEquals(0, figures.lag().getMaxValue());
    assertEquals(TimeUnit.MILLISECONDS.toNanos(200), figures.elapsedNanos());
    assertEquals(0, figures.stuckWorkers());
  }

  @Test
  void openLoopLatencyRunsFromTheIntendedSendTime() throws Exception {
    long serviceNanos = TimeUnit.MILLISECONDS.toNanos(2);
    long seed = 99;
    // One worker, a call that takes at least 2 ms, requests due 1000 per second: twice what it can serve.
    LoadPlan plan = new LoadPlan(1, new Arrival.Poisson(1000), Duration.ZERO, Duration.ofMillis(300), seed,
        Optional.empty());
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> spin(serviceNanos)).run();

    // Exactly the requests the seeded schedule puts in the period are offered.
    ArrivalSchedule schedule = new Arrival.Poisson(1000).schedule(seed);
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(300);
    long[] due = new long[1000];
    int dueInPeriod = 0;
    for (long offset; (offset = schedule.nextOffsetNanos()) < periodNanos; dueInPeriod++) {
      due[dueInPeriod] = offset;
    }
    assertEquals(dueInPeriod, figures.offered());
    assertEquals(0, figures.errorCount());
    // Each due request finished in the period, was left unsent at its end, or was the one in flight then.
    long inFlight = figures.offered() - figures.completed() - figures.unsent();
    assertTrue(inFlight == 0 || inFlight == 1, "in flight at the end: " + inFlight);
    assertTrue(figures.unsent() > 0, "a backlog is left at the end: " + figures.unsent());

    // The one worker serves requests in order, so request k cannot finish before (k + 1) service times
    // after the start; timed from its due time, that is a lower bound on its latency. Timed from the
    // actual send it would be about 2 ms instead, however long it had waited.
    long completed = figures.completed();
    long bound = 0;
    for (int k = 0; k < completed; k++) {
      bound = Math.max(bound, (k + 1) * serviceNanos - due[k]);
    }
    long max = figures.latency().getMaxValue();
    assertTrue(max >= figures.latency().lowestEquivalentValue(bound), "max " + max + " ns, bound " + bound + " ns");
    assertTrue(completed < 10 || bound > 5 * serviceNanos, "bound " + bound + " ns after " + completed + " requests");
    // The wait for a free worker is the lag: sends start later and later.
    assertTrue(figures.lag().getMaxValue() >= figures.lag().lowestEquivalentValue(bound - serviceNanos));
  }

  @Test
  void openLoopOffersTheRequestsDueInThePeriodAndSendsOrAbandonsEveryOneDueBefore() throws Exception {
    AtomicLong calls = new AtomicLong();
    LoadPlan plan = new LoadPlan(4, new Arrival.Bursty(2000, 8), Duration.ofMillis(100), Duration.ofMillis(100), 3,
        Optional.empty());
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> calls.incrementAndGet()).run();
    ArrivalSchedule schedule = new Arrival.Bursty(2000, 8).schedule(3);
    long warmup = TimeUnit.MILLISECONDS.toNanos(100);
    int inWarmup = 0;
    int inPeriod = 0;
    for (long offset; (offset = schedule.nextOffsetNanos()) < 2 * warmup; ) {
      if (offset < warmup) {
        inWarmup++;
      } else {
        inPeriod++;
      }
    }
    assertEquals(inPeriod, figures.offered());
    assertEquals(inWarmup + inPeriod, calls.get() + figures.unsent());
    assertTrue(figures.completed() <= calls.get());
  }

  @Test
  void failuresAreCountedByTypeAndLeftOutOfTheLatencies() throws Exception {
    LoadPlan plan = plan(1, new Arrival.Closed(), 0, 100, Optional.empty());
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> {
      if (sequence % 2 == 1) {
        throw new IllegalStateException("odd");
      }
    }).run();
    long failed = figures.errors().get("IllegalStateException");
    assertEquals(Map.of("IllegalStateException", failed), figures.errors());
    assertTrue(Math.abs(failed - figures.completed()) <= 1, figures.errors() + " vs " + figures.completed());
    assertEquals(figures.completed(), figures.latency().getTotalCount());
  }

  @Test
  void withinSloCountsOnlyCallsThatMetTheObjective() throws Exception {
    long slowNanos = TimeUnit.MILLISECONDS.toNanos(20);
    LoadPlan plan = plan(1, new Arrival.Closed(), 0, 150, Optional.of(Duration.ofMillis(10)));
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> {
      if (sequence % 2 == 0) {
        spin(slowNanos);
      }
    }).run();
    // Every slow call misses; the fast ones may meet it.
    long slow = (figures.completed() + 1) / 2;
    assertTrue(figures.withinSlo() <= figures.completed() - slow, figures.withinSlo() + " of " + figures.completed());
  }

  @Test
  void aWorkerThatCannotStartFailsTheRunBeforeAnyRequest() {
    AtomicLong calls = new AtomicLong();
    LoadPlan plan = plan(3, new Arrival.Closed(), 0, 100, Optional.empty());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LoadGenerator(plan, worker -> {
      if (worker == 1) {
        throw new IllegalArgumentException("no client for you");
      }
      return sequence -> calls.incrementAndGet();
    }).run());
    assertTrue(e.getMessage().contains("no client for you"), e.getMessage());
    assertEquals(0, calls.get());
  }

  @Test
  void aCallStuckPastTheGracePeriodIsReportedAndLeftOut() throws Exception {
    AtomicBoolean release = new AtomicBoolean();
    LoadPlan plan = plan(2, new Arrival.Closed(), 0, 50, Optional.empty());
    LoadFigures figures = new LoadGenerator(plan, worker -> sequence -> {
      if (worker == 0) {
        while (!release.get()) {
          LockSupport.parkNanos(1_000_000); // deaf to interrupts, like a hung native call
        }
      }
    }, TimeUnit.MILLISECONDS.toNanos(50)).run();
    release.set(true);
    assertEquals(1, figures.stuckWorkers());
    assertTrue(figures.completed() > 0); // worker 1's
  }

  @Test
  void anUnreachableServiceCountsErrorsInsteadOfFailing() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    LoadPlan plan = plan(1, new Arrival.Closed(), 0, 200, Optional.empty());
    LoadFigures figures =
        new LoadGenerator(plan, new HttpTarget(URI.create("http://127.0.0.1:" + freePort + "/score"))).run();
    assertEquals(0, figures.completed());
    assertTrue(figures.errorCount() > 0, figures.errors().toString());
    assertTrue(figures.errors().containsKey("ConnectException"), figures.errors().toString());
  }

  private static LoadPlan plan(int clients, Arrival arrival, long warmupMillis, long durationMillis,
      Optional<Duration> slo) {
    return new LoadPlan(clients, arrival, Duration.ofMillis(warmupMillis), Duration.ofMillis(durationMillis), 1, slo);
  }

  /** Busy-waits, so the call takes at least {@code nanos} however the scheduler behaves. */
  static void spin(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait();
    }
  }
}
