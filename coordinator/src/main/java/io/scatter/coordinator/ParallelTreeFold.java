package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The balanced-tree fold of {@link io.scatter.task.TreeFold} (block {@code k} holds {@code 2^k}
 * adjacent partials; two blocks of one size merge as soon as both exist), with each merge run on
 * {@code executor} as soon as its two operands are ready: merges of different parts of the tree
 * run at once, on as many threads as the executor has, while later partitions are still being
 * computed. A job whose partials are expensive to combine (the nested product's huge
 * {@code BigInteger}s: its combine is most of its CPU time) then scales with threads instead of
 * ending in one thread's chain of multiplies. Every merge combines a left block with the block
 * right after it, so {@code combine} sees its operands in index order and the answer is the left
 * fold's, exactly.
 *
 * <p>With an inline executor ({@code Runnable::run}) every merge runs on the pushing thread at
 * once: the sequential baseline. Push and result from one owner; merges may run on other threads.
 */
final class ParallelTreeFold {

  private final BoundTask task;
  private final Executor executor;
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  /** Time spent inside {@code combine}, summed over the threads that ran merges. */
  private final AtomicLong combineNanos = new AtomicLong();
  private final Ticker ticker;

  private record Block(CompletableFuture<Object> value, long size) { }

  ParallelTreeFold(BoundTask task, Executor executor, Ticker ticker) {
    this.task = task;
    this.executor = executor;
    this.ticker = ticker;
  }

  /** Appends the next partial on the right; merges it with equal-sized blocks before it, on the executor. */
  void push(Object partial) {
    Block block = new Block(CompletableFuture.completedFuture(partial), 1);
    while (!blocks.isEmpty() && blocks.peekLast().size() == block.size()) {
      Block left = blocks.removeLast();
      block = new Block(merge(left.value(), block.value()), left.size() + block.size());
    }
    blocks.addLast(block);
  }

  /**
   * Everything pushed, combined in order; the task's identity when nothing was. Waits for the
   * merges under way. The blocks left are of falling sizes, so they are combined from the right:
   * the smallest first, each then about the size of the next (a left fold would multiply the
   * largest block again and again).
   */
  Object result() {
    if (blocks.isEmpty()) {
      return task.identity();
    }
    Iterator<Block> fromRight = blocks.descendingIterator();
    CompletableFuture<Object> right = fromRight.next().value();
    while (fromRight.hasNext()) {
      right = merge(fromRight.next().value(), right);
    }
    try {
      return right.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Nanoseconds spent in {@code combine} so far, over all threads. */
  long combineNanos() {
    return combineNanos.get();
  }

  private CompletableFuture<Object> merge(CompletableFuture<Object> left, CompletableFuture<Object> right) {
    return left.thenCombineAsync(right, this::timedCombine, executor);
  }

  private Object timedCombine(Object left, Object right) {
    long start = ticker.read();
    try {
      return task.combine(left, right);
    } finally {
      combineNanos.addAndGet(ticker.read() - start);
    }
  }
}
