package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one {@code bench} run measured. {@code requests} counts successful (HTTP 200) responses
 * only; rates and latency figures are over those. Failed requests are counted in {@code errors}.
 *
 * @param clients client threads
 * @param durationSeconds the measured period as it really elapsed
 * @param requests successful requests started in the measured period
 * @param errors failed requests (non-200 or I/O error) started in the measured period
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param p50Ms median latency
 * @param p99Ms 99th percentile latency
 * @param p999Ms 99.9th percentile latency
 * @param maxMs worst latency
 */
public record BenchReport(
    int clients,
    double durationSeconds,
    long requests,
    long errors,
    double requestsPerSecond,
    double p50Ms,
    double p99Ms,
    double p999Ms,
    double maxMs) {

  /**
   * @param latenciesNanos every successful latency; sorted in place
   */
  static BenchReport of(int clients, double durationSeconds, long[] latenciesNanos, long errors) {
    Arrays.sort(latenciesNanos);
    long n = latenciesNanos.length;
    return new BenchReport(
        clients,
        durationSeconds,
        n,
        errors,
        durationSeconds > 0 ? n / durationSeconds : 0.0,
        millis(percentile(latenciesNanos, 0.50)),
        millis(percentile(latenciesNanos, 0.99)),
        millis(percentile(latenciesNanos, 0.999)),
        millis(n == 0 ? 0 : latenciesNanos[latenciesNanos.length - 1]));
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** @return the report as one line of JSON, keys in a fixed order */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"clients\":%d,\"duration_s\":%.3f,\"requests\":%d,\"errors\":%d,\"requests_per_sec\":%.1f,"
            + "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}",
        clients, durationSeconds, requests, errors, requestsPerSecond, p50Ms, p99Ms, p999Ms, maxMs);
  }
}
