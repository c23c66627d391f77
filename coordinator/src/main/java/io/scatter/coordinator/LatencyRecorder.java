package io.scatter.coordinator;

import org.HdrHistogram.Histogram;

/** Latencies (partition compute times, request times), in microseconds, with HdrHistogram's fixed relative error. */
public final class LatencyRecorder {

  /** Three significant digits: 0.1 % error at any magnitude. */
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);

  public void recordNanos(long nanos) {
    recordMicros(nanos / 1_000);
  }

  public void recordMicros(long micros) {
    histogram.recordValue(Math.max(0, micros));
  }

  /** The value at {@code percentile} (0..100), in milliseconds; 0 when nothing was recorded. */
  public double percentileMillis(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1_000.0;
  }

  public Latency summary() {
    if (histogram.getTotalCount() == 0) {
      return Latency.NONE;
    }
    return new Latency(histogram.getTotalCount(),
        histogram.getValueAtPercentile(50) / 1_000.0,
        histogram.getValueAtPercentile(99) / 1_000.0,
        histogram.getMaxValue() / 1_000.0);
  }

  /** Percentiles in milliseconds. */
  public record Latency(long count, double p50Millis, double p99Millis, double maxMillis) {
    public static final Latency NONE = new Latency(0, 0, 0, 0);
  }
}
