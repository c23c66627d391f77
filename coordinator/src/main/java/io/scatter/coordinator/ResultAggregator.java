package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Exactly-once, in-order aggregation. The first result for a partition index wins and every later
 * one is counted as a duplicate. Results are folded in index order as soon as they are contiguous,
 * so memory holds only the results that arrived ahead of a slower partition, and the answer is the
 * same whatever order workers finish in.
 *
 * <p>The contiguous prefix is combined as a balanced tree, like a binary counter: block {@code k}
 * of the stack holds the combination of {@code 2^k} adjacent partials, and two blocks of the same
 * size merge as soon as both exist. Because {@code combine} is associative this gives exactly the
 * left fold's answer, but combining operands of similar size matters for answers that grow: a
 * product of big integers costs O(M(n) log n) instead of a left fold's O(n M(n)).
 *
 * <p>Not thread-safe: one owner (the coordinator actor, or a lock in thread-pool mode).
 */
public final class ResultAggregator {

  private final BoundTask task;
  private final long partitions;
  private final Map<Long, Object> waiting = new HashMap<>();
  /** Combined blocks of the contiguous prefix, oldest (leftmost) first, with their sizes. */
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  private long nextIndex;
  private long duplicates;

  public ResultAggregator(BoundTask task, long partitions) {
    this.task = task;
    this.partitions = partitions;
  }

  private record Block(Object value, long size) { }

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
      push(waiting.remove(nextIndex));
      nextIndex++;
    }
    return true;
  }

  private void push(Object partial) {
    Block block = new Block(partial, 1);
    while (!blocks.isEmpty() && blocks.peekLast().size() == block.size()) {
      Block left = blocks.removeLast();
      block = new Block(task.combine(left.value(), block.value()), left.size() + block.size());
    }
    blocks.addLast(block);
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
    Object result = task.identity();
    for (Block block : blocks) {
      result = task.combine(result, block.value());
    }
    return result;
  }
}
