package dev.perfagent.export.otlp;

import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Reading HdrHistogram copies the way the Prometheus export reads them, so both show the same. */
final class HistogramReads {

  private HistogramReads() {
  }

  /**
   * {@return the sum of the histograms {@code read} gives for the members, leaving out members
   * that fail; empty when there are none}
   */
  static <T> Histogram merged(List<T> members, Function<T, Histogram> read) {
    Histogram merged = null;
    for (T member : members) {
      Histogram one;
      try {
        one = read.apply(member);
      } catch (RuntimeException | LinkageError e) {
        continue; // a broken member is left out of this push
      }
      if (one == null) {
        continue;
      }
      if (merged == null) {
        merged = one;
      } else {
        Histogram sum = new Histogram(Math.max(merged.getNumberOfSignificantValueDigits(),
            one.getNumberOfSignificantValueDigits()));
        sum.add(merged);
        sum.add(one);
        merged = sum;
      }
    }
    return merged == null ? new Histogram(2) : merged;
  }

  /** {@return the value at quantile {@code q} (0..1), or NaN when nothing was recorded} */
  static double quantile(Histogram histogram, double q) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(q * 100);
  }

  /**
   * {@return the sum of the recorded values, each taken at its median equivalent: the {@code
   * _sum} of the Prometheus export's histograms}
   */
  static double sum(Histogram histogram) {
    double sum = 0;
    for (HistogramIterationValue v : histogram.recordedValues()) {
      sum += v.getCountAtValueIteratedTo()
          * (double) histogram.medianEquivalentValue(v.getValueIteratedTo());
    }
    return sum;
  }
}
