package dev.perfagent.export.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The sources (sites or batch layers) that share one {@code (rule, method)} pair: the same method
 * woven in two class loaders. Their meters are one series, as in the Prometheus export: counters
 * add the members up, gauges show the member with the lowest id.
 *
 * <p>A member whose methods throw is left out of that read, so one broken site cannot fail a
 * push. Thread-safe: members come and go (under the export's lock) while the push thread reads
 * them through a copy-on-write array.
 *
 * @param <T> the source type
 */
final class LabelGroup<T> {

  private final ToIntFunction<T> id;
  private volatile List<T> members = List.of();

  LabelGroup(ToIntFunction<T> id) {
    this.id = id;
  }

  /** Adds a member, replacing one with the same id. */
  synchronized void put(T member) {
    List<T> next = new ArrayList<>(members);
    int newId = id.applyAsInt(member);
    next.removeIf(m -> id.applyAsInt(m) == newId);
    next.add(member);
    next.sort(Comparator.comparingInt(id));
    members = List.copyOf(next);
  }

  /** Removes the member with this id; {@return whether the group is empty now} */
  synchronized boolean remove(int memberId) {
    List<T> next = new ArrayList<>(members);
    next.removeIf(m -> id.applyAsInt(m) == memberId);
    members = List.copyOf(next);
    return next.isEmpty();
  }

  /** {@return whether a member has this id} */
  boolean contains(int memberId) {
    return members.stream().anyMatch(m -> id.applyAsInt(m) == memberId);
  }

  /** {@return the members, lowest id first} */
  List<T> members() {
    return members;
  }

  /** {@return the sum of {@code value} over the members that can be read; 0 when none can} */
  double sum(ToDoubleFunction<T> value) {
    double sum = 0;
    for (T member : members) {
      try {
        sum += Math.max(0, value.applyAsDouble(member));
      } catch (RuntimeException | LinkageError e) {
        // a broken member is left out of this push, as it is out of a scrape
      }
    }
    return sum;
  }

  /** {@return {@code value} of the lowest-id member that can be read; NaN when none can} */
  double first(ToDoubleFunction<T> value) {
    for (T member : members) {
      try {
        return value.applyAsDouble(member);
      } catch (RuntimeException | LinkageError e) {
        // try the next one
      }
    }
    return Double.NaN;
  }
}
