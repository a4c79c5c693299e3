package dev.perfagent.sample.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link LoadTarget} from {@link LoadPlan#clients()} worker threads, closed or open loop.
 * Load runs through the warm-up and the measured period alike; the figures are those of the
 * requests that <b>finished within the measured period</b>, so rates are over exactly its length
 * and a backlog built up in the warm-up weighs on the figures as it would on a service in a steady
 * state.
 *
 * <p><b>Closed loop:</b> each worker sends its next request when the previous one has returned;
 * latency runs from the actual send.
 *
 * <p><b>Open loop:</b> the {@link ArrivalSchedule} fixes when each request is due, independently of
 * the service. Workers take the due times in order from one shared schedule, wait until theirs, and
 * send. When every worker is busy, due requests wait in the generator (a virtual FIFO queue: the
 * next free worker takes the oldest). <b>Latency runs from the intended send time</b>, so that time
 * spent waiting for a free worker, or for a slow or stalled service, is counted rather than omitted
 * (no coordinated omission). {@code lag} is how late sends started after their due time; it
 * includes the operating system's timer slack when a worker parks until a due time (typically
 * 50–100 µs on Linux), which is part of the measured latency for every configuration alike.
 * {@code offered} counts the requests due in the measured period. Requests still waiting to be sent
 * when it ends are abandoned and counted as {@code unsent}: under overload the backlog never
 * drains, and waiting for it would measure the backlog's length instead of the service.
 *
 * <p>Requests that throw are counted by exception type and left out of the latency figures. A
 * run is one-shot: {@link #run} may be called once.
 */
public final class LoadGenerator {

  /** How long {@link #run} waits past the end of the measured period for calls still in flight. */
  static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final LoadPlan plan;
  private final LoadTarget target;
  private final long graceNanos;

  /**
   * @param plan how to drive the target
   * @param target what to call
   */
  public LoadGenerator(LoadPlan plan, LoadTarget target) {
    this(plan, target, GRACE_NANOS);
  }

  /** @param graceNanos how long {@link #run} waits past the end for calls in flight; tests shorten it */
  LoadGenerator(LoadPlan plan, LoadTarget target, long graceNanos) {
    this.plan = plan;
    this.target = target;
    this.graceNanos = graceNanos;
  }

  /** Runs without a hook at the start of the measured period. */
  public LoadFigures run() throws InterruptedException {
    return run(() -> {});
  }

  /**
   * Runs the warm-up and the measured period, then returns the figures.
   *
   * @param atMeasureStart run on the calling thread when the measured period starts (to snapshot
   *     counters kept elsewhere); it must return quickly
   * @throws IllegalStateException if a worker cannot be set up (no request is sent then)
   * @throws InterruptedException if interrupted while waiting for the workers
   */
  public LoadFigures run(Runnable atMeasureStart) throws InterruptedException {
    int n = plan.clients();
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    Window window = new Window();
    List<Worker> workers = new ArrayList<>(n);
    List<Thread> threads = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        Worker worker = new Worker(i, window, ready, go);
        // Daemon (virtual threads always are): a call stuck past the grace period must not keep the JVM alive.
        Thread thread = WorkerThreads.create(worker, "load-worker-" + i, plan.virtualThreads());
        workers.add(worker);
        threads.add(thread);
        thread.start();
      }
      // The clock starts once every worker is set up (an HTTP client is slow to build the first time).
      ready.await();
      for (Worker worker : workers) {
        if (worker.setupFailure != null) {
          throw new IllegalStateException("worker " + worker.index + " cannot start: " + worker.setupFailure,
              worker.setupFailure);
        }
      }
      long start = System.nanoTime();
      window.measureStart = start + plan.warmup().toNanos();
      window.end = window.measureStart + plan.duration().toNanos();
      window.arrivals = plan.arrival().isOpenLoop()
          ? new SharedSchedule(start, plan.arrival().schedule(plan.seed()))
          : null;
      window.sloNanos = plan.slo().map(d -> d.toNanos()).orElse(Long.MAX_VALUE);
      go.countDown(); // publishes the window to the workers
      parkUntil(window.measureStart);
      atMeasureStart.run();
      long deadline = window.end + graceNanos;
      for (Thread thread : threads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
      }
    } finally {
      go.countDown(); // lets workers leave if set-up failed
      threads.forEach(Thread::interrupt);
    }
    return collect(workers, threads, window);
  }

  private static LoadFigures collect(List<Worker> workers, List<Thread> threads, Window window) {
    LoadFigures.Builder figures = new LoadFigures.Builder();
    int stuck = 0;
    for (int i = 0; i < workers.size(); i++) {
      if (threads.get(i).isAlive()) {
        stuck++; // its figures are still being written; leave them out
        continue;
      }
      figures.add(workers.get(i).figures);
    }
    return figures.build(window.end - window.measureStart, stuck);
  }

  /**
   * Waits until {@code System.nanoTime()} reaches {@code deadline}.
   *
   * @return the time on waking, at or after the deadline
   */
  static long parkUntil(long deadline) throws InterruptedException {
    long now;
    while ((now = System.nanoTime()) - deadline < 0) {
      LockSupport.parkNanos(deadline - now);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return now;
  }

  /** The run's time boundaries, set before the workers are released. */
  private static final class Window {
    long measureStart;
    long end;
    long sloNanos;
    SharedSchedule arrivals;
  }

  /** The open-loop schedule, handed out in order to whichever worker asks next. */
  private static final class SharedSchedule {
    private final long start;
    private final ArrivalSchedule schedule;
    /** A due time read past the backlog by {@link #drainBefore}, handed out next. */
    private long held;
    private boolean holding;

    SharedSchedule(long start, ArrivalSchedule schedule) {
      this.start = start;
      this.schedule = schedule;
    }

    /** @return the absolute {@code nanoTime} at which the next request is due */
    synchronized long next() {
      if (holding) {
        holding = false;
        return held;
      }
      return start + schedule.nextOffsetNanos();
    }

    /**
     * Takes, in one go, every request due before {@code end}: the backlog abandoned when the period
     * is over. One worker counts it all, rather than every worker taking it one lock at a time.
     *
     * @return {@code [all, due at or after measureStart]}
     */
    synchronized long[] drainBefore(long end, long measureStart) {
      long[] counts = new long[2];
      long due;
      while ((due = next()) - end < 0) {
        counts[0]++;
        if (due - measureStart >= 0) {
          counts[1]++;
        }
      }
      held = due;
      holding = true;
      return counts;
    }
  }

  /** One worker thread: set up, then closed or open loop until the end of the measured period. */
  private final class Worker implements Runnable {
    final int index;
    private final Window window;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    final WorkerFigures figures = new WorkerFigures();
    volatile Throwable setupFailure;

    Worker(int index, Window window, CountDownLatch ready, CountDownLatch go) {
      this.index = index;
      this.window = window;
      this.ready = ready;
      this.go = go;
    }

    @Override
    public void run() {
      LoadTarget.Request request;
      try {
        request = target.newRequest(index);
      } catch (RuntimeException | Error e) {
        setupFailure = e;
        return;
      } finally {
        ready.countDown(); // even on failure, so run() never waits for a dead worker
      }
      try {
        go.await();
        if (window.arrivals == null) {
          closedLoop(request);
        } else {
          openLoop(request);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private boolean inPeriod(long time) {
      return time - window.measureStart >= 0 && time - window.end < 0;
    }

    private void closedLoop(LoadTarget.Request request) {
      long end = window.end;
      for (long sequence = 0; ; sequence++) {
        long begin = System.nanoTime();
        if (begin - end >= 0) {
          return;
        }
        Throwable failure = send(request, sequence);
        long done = System.nanoTime();
        if (inPeriod(done)) {
          figures.offered();
          figures.record(done - begin, 0, failure, window.sloNanos);
        }
      }
    }

    private void openLoop(LoadTarget.Request request) throws InterruptedException {
      long end = window.end;
      for (long sequence = 0; ; sequence++) {
        long due = window.arrivals.next();
        if (due - end >= 0) {
          return;
        }
        if (inPeriod(due)) {
          figures.offered();
        }
        long now = System.nanoTime();
        if (due - now > 0) {
          now = parkUntil(due);
        } else if (now - end >= 0) {
          // The period is over and this request is still waiting, and so are all due after it.
          long[] backlog = window.arrivals.drainBefore(end, window.measureStart);
          figures.unsent(1 + backlog[0], backlog[1]);
          return;
        }
        Throwable failure = send(request, sequence);
        long done = System.nanoTime();
        if (inPeriod(done)) {
          figures.record(done - due, now - due, failure, window.sloNanos);
        }
      }
    }

    private Throwable send(LoadTarget.Request request, long sequence) {
      try {
        request.send(sequence);
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      } catch (Exception | Error e) {
        return e;
      }
    }
  }
}
