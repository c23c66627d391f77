package io.scatter.task;

import java.util.ArrayDeque;

/**
 * An associative fold of partial results, combined as a balanced tree like a binary counter:
 * block {@code k} holds the combination of {@code 2^k} adjacent partials, and two blocks of the
 * same size merge as soon as both exist. Because {@code combine} is associative this gives exactly
 * the left fold's answer, but combining operands of similar size matters for answers that grow: a
 * product of big integers, or a list that is concatenated, costs O(M(n) log n) instead of a left
 * fold's O(n M(n)). The coordinator folds a job's partitions with it, a worker a partition's slices.
 *
 * <p>Not thread-safe: one owner.
 */
public final class TreeFold {

  private final BoundTask task;
  /** Combined blocks, oldest (leftmost) first, with their sizes. */
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  private long count;

  public TreeFold(BoundTask task) {
    this.task = task;
  }

  private record Block(Object value, long size) { }

  /** Appends the next partial on the right. */
  public void push(Object partial) {
    Block block = new Block(partial, 1);
    while (!blocks.isEmpty() && blocks.peekLast().size() == block.size()) {
      Block left = blocks.removeLast();
      block = new Block(task.combine(left.value(), block.value()), left.size() + block.size());
    }
    blocks.addLast(block);
    count++;
  }

  /** How many partials were pushed. */
  public long count() {
    return count;
  }

  /** Everything pushed so far, combined in order; the task's identity when nothing was. */
  public Object result() {
    if (blocks.size() == 1) {
      return blocks.peekFirst().value();
    }
    Object result = task.identity();
    for (Block block : blocks) {
      result = task.combine(result, block.value());
    }
    return result;
  }
}
