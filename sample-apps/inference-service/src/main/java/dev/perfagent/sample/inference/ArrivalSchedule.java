package dev.perfagent.sample.inference;

/**
 * The intended send times of an open-loop run, as offsets from its start. Not thread-safe: the load
 * generator hands arrivals out under a lock.
 */
public interface ArrivalSchedule {

  /** @return the offset in nanoseconds of the next request; never less than the previous one */
  long nextOffsetNanos();
}
