package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import io.scatter.task.TreeFold;
import java.util.HashMap;
import java.util.Map;

/**
 * Exactly-once, in-order aggregation. The first result for a partition index wins and every later
 * one is counted as a duplicate. Results are folded in index order as soon as they are contiguous,
 * so memory holds only the results that arrived ahead of a slower partition, and the answer is the
 * same whatever order workers finish in.
 *
 * <p>The contiguous prefix is combined as a balanced tree ({@link TreeFold}): the left fold's
 * answer, at a fraction of its cost for answers that grow.
 *
 * <p>Not thread-safe: one owner (the coordinator actor, or a lock in thread-pool mode).
 */
public final class ResultAggregator {

  private final long partitions;
  private final Map<Long, Object> waiting = new HashMap<>();
  /** The contiguous prefix, combined. */
  private final TreeFold prefix;
  private long nextIndex;
  private long duplicates;

  public ResultAggregator(BoundTask task, long partitions) {
    this.partitions = partitions;
    this.prefix = new TreeFold(task);
  }

  /** @return true if this is the first result for {@code index}; false if it was a duplicate and was dropped */
  public boolean accept(long index, Object value) {
    if (index < 0 || index >= partitions) {
      throw new IllegalArgumentException("partition " + index + " is outside 0.." + (partitions - 1));
    }
    if (contains(index)) {
      duplicates++;
      return false;
    }
    waiting.put(index, value);
    while (waiting.containsKey(nextIndex)) {
      prefix.push(waiting.remove(nextIndex));
      nextIndex++;
    }
    return true;
  }

  public boolean contains(long index) {
    return index < nextIndex || waiting.containsKey(index);
  }

  public long accepted() {
    return nextIndex + waiting.size();
  }

  public boolean isComplete() {
    return nextIndex == partitions;
  }

  public long duplicates() {
    return duplicates;
  }

  /** The combined answer; only meaningful once {@link #isComplete()}. */
  public Object result() {
    if (!isComplete()) {
      throw new IllegalStateException(accepted() + " of " + partitions + " partitions have results");
    }
    return prefix.result();
  }
}
