package dev.perfagent.agent.layer.limit;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event simulation of a limiter in front of a service with a fixed capacity. Requests arrive as a
 * Poisson stream faster than the service can take them; a request admitted when {@code n} are in flight (itself
 * included) takes {@code base * max(1, n / capacity)^exponent}, give or take 5% noise: exponent 1 is a service
 * whose extra requests queue behind the busy ones, exponent 2 one that also slows down under contention. Time is
 * virtual: the real {@link ConcurrencyLimiter} runs on a fake ticker, so a run is deterministic for its seed.
 */
final class OverloadedService {
    private static final double NOISE = 0.05;

    private final int capacity;
    private final long baseNanos;
    private final double exponent;
    private final double arrivalsPerSecond;
    private final Random random;

    /**
     * What a run saw after its warm-up.
     *
     * @param meanLimit    the limit averaged over time
     * @param maxLimit     the highest limit
     * @param inBand       the share of the time the limit lay within [capacity / 2, 3 * capacity]
     * @param admitted     calls admitted per second
     */
    record Run(double meanLimit, int maxLimit, double inBand, double admitted) {
    }

    private record Completion(long at, long permit, long admittedAt) {
    }

    OverloadedService(int capacity, long baseNanos, double exponent, double arrivalsPerSecond, long seed) {
        this.capacity = capacity;
        this.baseNanos = baseNanos;
        this.exponent = exponent;
        this.arrivalsPerSecond = arrivalsPerSecond;
        this.random = new Random(seed);
    }

    /** Runs for {@code seconds} of virtual time and reports on the time after {@code warmupSeconds}. */
    Run run(LimiterSettings settings, double seconds, double warmupSeconds) {
        FakeTicker ticker = new FakeTicker(0);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(settings, ticker);
        PriorityQueue<Completion> completions = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        long end = (long) (seconds * 1e9);
        long warmup = (long) (warmupSeconds * 1e9);
        long nextArrival = nextGap();
        long last = warmup;
        double limitTime = 0;
        long bandTime = 0;
        int max = 0;
        long admitted = 0;
        while (true) {
            long now = completions.isEmpty() ? nextArrival : Math.min(nextArrival, completions.peek().at());
            if (now > end) {
                break;
            }
            ticker.set(now);
            if (now >= warmup) {
                int limit = limiter.limit();
                limitTime += (double) limit * (now - last);
                bandTime += limit >= capacity / 2 && limit <= 3 * capacity ? now - last : 0;
                max = Math.max(max, limit);
                last = now;
            }
            if (!completions.isEmpty() && completions.peek().at() == now) {
                Completion done = completions.poll();
                limiter.release(done.permit(), done.admittedAt(), now, CallOutcome.SUCCEEDED);
                continue;
            }
            nextArrival = now + nextGap();
            long permit = limiter.tryAcquire(0);
            if (permit >= 0) {
                double load = Math.max(1.0, (double) limiter.inFlight() / capacity);
                double latency = baseNanos * Math.pow(load, exponent) * (1 + NOISE * (2 * random.nextDouble() - 1));
                completions.add(new Completion(now + (long) latency, permit, now));
                admitted += now >= warmup ? 1 : 0;
            }
        }
        double span = end - warmup;
        return new Run(limitTime / span, max, bandTime / span, admitted / (span / 1e9));
    }

    private long nextGap() {
        return (long) (-Math.log(1 - random.nextDouble()) / arrivalsPerSecond * 1e9);
    }
}
