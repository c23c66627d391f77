package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Exactly-once, in-order aggregation. The first result for a partition index wins and every later
 * one is counted as a duplicate. Results are folded in index order as soon as they are contiguous,
 * so memory holds only the results that arrived ahead of a slower partition, and the answer is the
 * same whatever order workers finish in.
 *
 * <p>The contiguous prefix is combined as a balanced tree ({@link ParallelTreeFold}): the left fold's
 * answer, at a fraction of its cost for answers that grow, its merges on the executor given (a
 * parallel mode's {@link CombinePool}) so that they run side by side and beside the compute.
 *
 * <p>Not thread-safe: one owner (the coordinator actor, or a lock in thread-pool mode).
 */
public final class ResultAggregator {

  private final long partitions;
  private final Map<Long, Object> waiting = new HashMap<>();
  /** The contiguous prefix, combined. */
  private final ParallelTreeFold prefix;
  private long nextIndex;
  private long duplicates;

  /** Merges on the accepting thread, one at a time. */
  public ResultAggregator(BoundTask task, long partitions) {
    this(task, partitions, CombinePool.INLINE, Ticker.system());
  }

  /** @param combine where merges of partials run ({@link CombinePool}); the ticker times them */
  ResultAggregator(BoundTask task, long partitions, Executor combine, Ticker ticker) {
    this.partitions = partitions;
    this.prefix = new ParallelTreeFold(task, combine, ticker);
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
    if (index != nextIndex) {
      waiting.put(index, value);
      return true;
    }
    // The next in line (most results, in a job whose workers keep pace): folded at once, no map in between.
    prefix.push(value);
    nextIndex++;
    while (!waiting.isEmpty() && waiting.containsKey(nextIndex)) {
      prefix.push(waiting.remove(nextIndex));
      nextIndex++;
    }
    return true;
  }

  public boolean contains(long index) {
    // Most lookups are of results behind the prefix or ahead with nothing waiting: no boxed key then.
    return index < nextIndex || (!waiting.isEmpty() && waiting.containsKey(index));
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

  /** Time spent combining partials so far, summed over the threads that did (more than the wall when they overlap). */
  public long combineNanos() {
    return prefix.combineNanos();
  }

  /** The combined answer, once every merge is done; only meaningful once {@link #isComplete()}. */
  public Object result() {
    if (!isComplete()) {
      throw new IllegalStateException(accepted() + " of " + partitions + " partitions have results");
    }
    return prefix.result();
  }
}
