package dev.perfagent.agent.layer.batch;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one batch queue in front of {@code workers} model instances, driving a
 * {@link BatchPolicy} the way a batcher would: Poisson arrivals ask {@code shed} and report {@code arrived}; a free
 * worker takes {@code cap()} calls when that many wait, otherwise asks {@code waitNanos} and either runs what is
 * queued or waits (one waiting leader at a time) until the batch is full or the wait is over; a finished batch
 * reports {@code batchDone} and every call's {@code callDone}. A {@link BatchController} is ticked every
 * {@code tickNanos}. No threads and no real time: the clock is a {@link FakeTicker} set to each event's time.
 *
 * <p>Figures are taken over the calls that arrive in the measured interval {@code [warmup, warmup + measure)};
 * after it arrivals stop and the queue drains.
 */
final class BatchSimulation {
    static final long ORIGIN = 1_000_000_000_000L;

    /** Service time of one batch of {@code n} calls. */
    @FunctionalInterface
    interface ServiceTime {
        long nanos(int n, SplittableRandom random);
    }

    /**
     * @param arrived          calls that arrived in the measured interval
     * @param shed             of those, refused by {@code shed}
     * @param withinSlo        of those, completed no later than the SLO after arriving
     * @param goodputPerSecond withinSlo per second of the measured interval
     * @param p99Nanos         p99 latency of the accepted calls of the measured interval
     * @param meanBatchSize    mean size of the batches started in the measured interval
     * @param medianCap        median of {@code cap()} sampled at every tick of the measured interval
     * @param waits            leader decisions to wait (whole run)
     */
    record Result(long arrived, long shed, long withinSlo, double goodputPerSecond, long p99Nanos,
                  double meanBatchSize, int medianCap, long waits) {
        double shedFraction() {
            return (double) shed / arrived;
        }
    }

    private static final int ARRIVAL = 0;
    private static final int BATCH_DONE = 1;
    private static final int WAIT_OVER = 2;
    private static final int TICK = 3;

    private record Event(long time, long sequence, int kind, long[] arrivals, long serviceNanos, long generation) {
    }

    private final BatchPolicy policy;
    private final FakeTicker ticker;
    private final int workers;
    private final double meanGapNanos;
    private final ServiceTime serviceTime;
    private final SplittableRandom random;
    private final long sloNanos;
    private final long tickNanos;

    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (x, y) -> x.time != y.time ? Long.compare(x.time, y.time) : Long.compare(x.sequence, y.sequence));
    private final ArrayDeque<Long> queue = new ArrayDeque<>();
    private long sequence;
    private int busy;
    private boolean waiting;
    private long waitUntil;
    private long generation;

    private long windowStart;
    private long windowEnd;
    private long arrived;
    private long shed;
    private long withinSlo;
    private long[] latencies = new long[1 << 16];
    private int latencyCount;
    private long batchItems;
    private long batches;
    private int[] caps = new int[256];
    private int capCount;
    private long waits;

    BatchSimulation(BatchPolicy policy, FakeTicker ticker, int workers, double arrivalsPerSecond,
                    ServiceTime serviceTime, long sloNanos, long tickNanos, long seed) {
        this.policy = policy;
        this.ticker = ticker;
        this.workers = workers;
        this.meanGapNanos = 1e9 / arrivalsPerSecond;
        this.serviceTime = serviceTime;
        this.sloNanos = sloNanos;
        this.tickNanos = tickNanos;
        this.random = new SplittableRandom(seed);
    }

    Result run(long warmupNanos, long measureNanos) {
        windowStart = ORIGIN + warmupNanos;
        windowEnd = windowStart + measureNanos;
        schedule(ORIGIN + nextGap(), ARRIVAL, null, 0, 0);
        schedule(ORIGIN + tickNanos, TICK, null, 0, 0);
        while (!events.isEmpty()) {
            Event event = events.poll();
            ticker.set(event.time);
            switch (event.kind) {
                case ARRIVAL -> arrival(event.time);
                case BATCH_DONE -> batchDone(event);
                case WAIT_OVER -> {
                    if (waiting && event.generation == generation) {
                        dispatch(event.time);
                    }
                }
                case TICK -> tick(event.time);
                default -> throw new IllegalStateException();
            }
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        long p99 = sorted.length == 0 ? 0 : sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        int[] capSamples = Arrays.copyOf(caps, capCount);
        Arrays.sort(capSamples);
        int medianCap = capSamples.length == 0 ? policy.cap() : capSamples[capSamples.length / 2];
        return new Result(arrived, shed, withinSlo, withinSlo / (measureNanos / 1e9), p99,
                batches == 0 ? 0 : (double) batchItems / batches, medianCap, waits);
    }

    private void arrival(long now) {
        boolean measured = now >= windowStart && now < windowEnd;
        policy.arrived(now);
        if (measured) {
            arrived++;
        }
        if (policy.shed(queue.size(), busy, now)) {
            if (measured) {
                shed++;
            }
        } else {
            queue.addLast(now);
            dispatch(now);
        }
        long next = now + nextGap();
        if (next < windowEnd) {
            schedule(next, ARRIVAL, null, 0, 0);
        }
    }

    private void dispatch(long now) {
        while (busy < workers && !queue.isEmpty()) {
            int cap = policy.cap();
            int queued = queue.size();
            if (queued >= cap) {
                waiting = false;
                start(cap, now);
            } else if (waiting) {
                if (now < waitUntil) {
                    return;
                }
                waiting = false;
                start(queued, now);
            } else {
                long wait = policy.waitNanos(queued, queue.peekFirst(), now);
                if (wait <= 0) {
                    start(queued, now);
                } else {
                    waits++;
                    waiting = true;
                    waitUntil = now + wait;
                    generation++;
                    schedule(waitUntil, WAIT_OVER, null, 0, generation);
                    return;
                }
            }
        }
    }

    private void start(int size, long now) {
        long[] batch = new long[size];
        for (int i = 0; i < size; i++) {
            batch[i] = queue.pollFirst();
        }
        long service = serviceTime.nanos(size, random);
        busy++;
        if (now >= windowStart && now < windowEnd) {
            batches++;
            batchItems += size;
        }
        schedule(now + service, BATCH_DONE, batch, service, 0);
    }

    private void batchDone(Event event) {
        long now = event.time;
        busy--;
        policy.batchDone(event.arrivals.length, event.serviceNanos, now);
        for (long arrival : event.arrivals) {
            long latency = now - arrival;
            policy.callDone(latency, now);
            if (arrival >= windowStart && arrival < windowEnd) {
                if (latency <= sloNanos) {
                    withinSlo++;
                }
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencyCount * 2);
                }
                latencies[latencyCount++] = latency;
            }
        }
        dispatch(now);
    }

    private void tick(long now) {
        if (policy instanceof BatchController controller) {
            controller.tick(now);
        }
        if (now >= windowStart && now < windowEnd) {
            if (capCount == caps.length) {
                caps = Arrays.copyOf(caps, capCount * 2);
            }
            caps[capCount++] = policy.cap();
        }
        if (now + tickNanos < windowEnd) {
            schedule(now + tickNanos, TICK, null, 0, 0);
        }
    }

    private long nextGap() {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * meanGapNanos));
    }

    private void schedule(long time, int kind, long[] arrivals, long serviceNanos, long generation) {
        events.add(new Event(time, sequence++, kind, arrivals, serviceNanos, generation));
    }
}
