package io.scatter.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * Which worker ran which partition when, for a job's picture (the dashboard's task stream): a sample
 * of its accepted partitions spread evenly over the whole job, at most {@code max} of them however
 * many the job has. Every partition is kept until {@code max}; then every other one is dropped and
 * from then on every other one kept, and so on, so a span costs the hot path a counter and a compare.
 * Owned by its job's {@link JobTally}, used on its coordinator's thread only.
 */
public final class TaskStream {

  /**
   * One partition's run on {@code worker}, in milliseconds from the job's start: it began {@code
   * computeNanos} (as the worker measured it) before its result arrived.
   */
  public record Span(String worker, long partition, double startMillis, double endMillis) { }

  private static final double NANOS_PER_MILLI = 1e6;

  private final int max;
  private final long startNanos;
  private final List<Span> spans = new ArrayList<>();
  private long stride = 1;
  private long seen;

  /** @param max spans kept at most; 0 keeps none */
  TaskStream(int max, long startNanos) {
    this.max = max;
    this.startNanos = startNanos;
  }

  /** Counts one accepted partition; true when it is one of the sample, to be given to {@link #add}. */
  boolean takes() {
    return max > 0 && seen++ % stride == 0;
  }

  void add(String worker, long partition, long computeNanos, long arrivedNanos) {
    double end = (arrivedNanos - startNanos) / NANOS_PER_MILLI;
    spans.add(new Span(worker, partition, Math.max(0, end - computeNanos / NANOS_PER_MILLI), end));
    if (spans.size() >= max) {
      List<Span> half = new ArrayList<>(max / 2 + 1);
      for (int i = 0; i < spans.size(); i += 2) {
        half.add(spans.get(i));
      }
      spans.clear();
      spans.addAll(half);
      stride *= 2;
    }
  }

  long startNanos() {
    return startNanos;
  }

  List<Span> spans() {
    return List.copyOf(spans);
  }
}
