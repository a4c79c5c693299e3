package dev.perfagent.agent.layer.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * A stand-in batch method. An {@code Integer x} maps to {@code 2x + 1}; a {@link Poison} makes the whole
 * batch throw a checked {@link PoisonException} naming the first poisoned input; a {@link Gate} holds the
 * batch until the test opens it. Records batch sizes, concurrency, and which inputs were answered.
 */
final class Model implements BatchFunction {
    final ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    final Map<Object, LongAdder> answered = new ConcurrentHashMap<>();
    final AtomicInteger applies = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final AtomicBoolean first = new AtomicBoolean();
    private volatile IntConsumer beforeFirst;

    static Object f(int x) {
        return 2 * x + 1;
    }

    /** Runs {@code hold} (given the batch's size) inside the first batch only, e.g. to let the queue fill. */
    Model holdingFirstBatch(IntConsumer hold) {
        this.beforeFirst = hold;
        return this;
    }

    @Override
    public List<Object> apply(List<Object[]> calls) throws Throwable {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            applies.incrementAndGet();
            sizes.add(calls.size());
            IntConsumer hold = beforeFirst;
            if (hold != null && first.compareAndSet(false, true)) {
                hold.accept(calls.size());
            }
            for (Object[] call : calls) {
                if (call[0] instanceof Gate) {
                    ((Gate) call[0]).pass();
                }
            }
            for (Object[] call : calls) {
                if (call[0] instanceof Poison) {
                    throw new PoisonException((Poison) call[0]);
                }
            }
            List<Object> results = new ArrayList<>(calls.size());
            for (Object[] call : calls) {
                results.add(call[0] instanceof Integer ? f((Integer) call[0]) : call[0]);
                answered.computeIfAbsent(call[0], k -> new LongAdder()).increment();
            }
            return results;
        } finally {
            running.decrementAndGet();
        }
    }

    int maxSize() {
        return sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** An input whose batch always fails. */
    static final class Poison {
        final int id;

        Poison(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "poison " + id;
        }
    }

    /** Checked, to show the caller gets the batch method's own exception type. */
    static final class PoisonException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Poison input;

        PoisonException(Poison input) {
            super("cannot score " + input);
            this.input = input;
        }
    }

    /** An input that holds its batch until opened; ignores interrupts while holding (restoring them after). */
    static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        void pass() {
            entered.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (open.await(30, TimeUnit.SECONDS)) {
                        break;
                    }
                    throw new IllegalStateException("gate never opened");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no batch reached the gate within 10 s");
            }
        }

        void open() {
            open.countDown();
        }

        @Override
        public String toString() {
            return "gate";
        }
    }
}
