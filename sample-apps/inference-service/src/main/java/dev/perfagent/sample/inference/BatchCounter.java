package dev.perfagent.sample.inference;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a model's {@code scoreBatch} calls and their items, so that a load run can say how large
 * the batches were, whoever formed them. Thread-safe; adding costs a few nanoseconds, nothing next
 * to a batch call.
 */
final class BatchCounter {

  private final LongAdder calls = new LongAdder();
  private final LongAdder items = new LongAdder();

  /** @param size items in the call just made */
  void count(int size) {
    calls.increment();
    items.add(size);
  }

  long calls() {
    return calls.sum();
  }

  long items() {
    return items.sum();
  }
}
