package io.scatter.node;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.task.BoundTask;
import io.scatter.task.TreeFold;

/**
 * One partition attempt a worker has begun: how far it got, and the slices' results so far,
 * combined in order (the task's combine is associative, so any slicing gives the whole range's
 * answer). Between two slices the worker may run another job, obey a cancel, or hand back the
 * rest; this value is all that needs keeping. Owned by one worker actor.
 */
final class PartitionRun {

  final Partition partition;
  final long startedNanos;
  private final BoundTask task;
  /** The first slice's result; most partitions are one slice, and need no fold. */
  private Object first;
  /** Every slice's result, combined, from the second slice on; null until then. */
  private TreeFold fold;
  /** The slices run. */
  private int slices;
  /** The first number not yet run. */
  private long cursor;
  /** Ticker time spent in this run's slices, pauses excluded: its compute time, and the pace prefetch is sized by. */
  private long computeNanos;
  private long cpuNanos;
  /** Compute time of its slices in the worker's current turn: its part of the turn's CPU time. */
  long turnComputeNanos;
  /** It had a slice in the worker's current turn. */
  boolean inTurn;
  /** When it last reported progress, or started. */
  long reportedNanos;

  PartitionRun(Partition partition, BoundTask task, long nowNanos) {
    this.partition = partition;
    this.startedNanos = nowNanos;
    this.reportedNanos = nowNanos;
    this.task = task;
    this.cursor = partition.range().from();
  }

  /** The numbers not yet run, unsigned. */
  long remaining() {
    return partition.range().to() - cursor;
  }

  /** The numbers run so far, unsigned. */
  long done() {
    return cursor - partition.range().from();
  }

  boolean begun() {
    return cursor != partition.range().from();
  }

  boolean isDone() {
    return cursor == partition.range().to();
  }

  /** The next {@code size} numbers (at most {@link #remaining}). */
  LongRange nextSlice(long size) {
    return slices == 0 && size == remaining() ? partition.range() : new LongRange(cursor, cursor + size);
  }

  /** The slice {@link #nextSlice} gave ran for {@code sliceNanos} and produced {@code value}. */
  void add(LongRange slice, Object value, long sliceNanos) {
    if (slices == 0) {
      first = value;
    } else {
      if (fold == null) {
        fold = new TreeFold(task);
        fold.push(first);
        first = null;
      }
      fold.push(value);
    }
    slices++;
    cursor = slice.to();
    computeNanos += sliceNanos;
    turnComputeNanos += sliceNanos;
  }

  /** Adds its share of a turn's CPU time; once unknown, it stays unknown. */
  void addCpu(long nanos) {
    cpuNanos = cpuNanos < 0 || nanos < 0 ? PartitionOutcome.Completed.CPU_UNKNOWN : cpuNanos + nanos;
  }

  long computeNanos() {
    return computeNanos;
  }

  private Object result() {
    return fold != null ? fold.result() : slices == 1 ? first : task.identity();
  }

  PartitionOutcome.Completed completed() {
    return new PartitionOutcome.Completed(partition.index(), partition.attempt(), result(), computeNanos, cpuNanos);
  }

  /** What ran of it, for the coordinator to keep when the rest is handed back. */
  PartialResult partial() {
    return new PartialResult(partition.index(), partition.attempt(), cursor, result(), computeNanos, cpuNanos);
  }
}
