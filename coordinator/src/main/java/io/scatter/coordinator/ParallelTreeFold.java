package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The balanced-tree fold of {@link io.scatter.task.TreeFold} (a block of level {@code k} holds
 * {@code 2^k} adjacent partials; two blocks of one level merge as soon as both exist), with each
 * expensive merge run on {@code executor} as soon as its two operands are ready: merges of
 * different parts of the tree run at once, on as many threads as the executor has, while later
 * partitions are still being computed. A job whose partials are expensive to combine (the nested
 * product's huge {@code BigInteger}s: its combine is most of its CPU time) then scales with threads
 * instead of ending in one thread's chain of multiplies. Every merge combines a left block with the
 * block right after it, so {@code combine} sees its operands in index order and the answer is the
 * left fold's, exactly.
 *
 * <p>A cheap merge runs on the pushing thread at once: handing it over costs a future, a queue and
 * a woken thread, some microseconds, where adding two {@code Long}s takes nanoseconds (no-op
 * partitions went from 2M to 0.25M a second when every merge went to the pool). What a merge of a
 * level costs is measured (the last one, on whichever thread ran it); a level's first merge goes to
 * the executor, since a guess from the level below would run a growing product's large merges
 * inline, and its measured time decides where the level's next merges run. Merges of a level that
 * are measured to cost next to nothing are no longer timed one by one: their time is estimated from
 * the ones that were, which saves two clock readings per partition.
 *
 * <p>With {@link CombinePool#INLINE} every merge runs on the pushing thread: the sequential
 * baseline. Push and result from one owner; merges may run on other threads.
 */
final class ParallelTreeFold {

  /**
   * A merge expected to take less than this runs where its last operand arrived: a hand-off to the
   * pool (a future, a queue, a thread woken) costs some microseconds, so below this the pool would
   * add more than it could take off the pushing thread.
   */
  static final long INLINE_BELOW_NANOS = 50_000;
  /** A level whose timed merges averaged less than this is no longer timed merge by merge. */
  static final long TIMING_NOT_WORTH_NANOS = 1_000;
  /** Merges timed at a level before its average can say it is not worth timing. */
  static final int TIMED_BEFORE_ESTIMATE = 16;
  /** Levels of a fold: a block of level 63 would hold 2^63 partials, more than any job has. */
  private static final int LEVELS = 64;

  /** For an executor that is not a job's combine pool: no thread to spare. */
  private static final Executor NO_SPARE = part -> {
    throw new RejectedExecutionException("no combine thread to spare");
  };

  private final BoundTask task;
  private final Executor executor;
  /** The pool's idle threads, offered to a merge run on it (never to one run inline). */
  private final Executor spare;
  private final boolean inlineOnly;
  private final Ticker ticker;

  /** The blocks, leftmost first: each one's value, or its merge under way, and its level. */
  private final Object[] values = new Object[LEVELS];
  private final CompletableFuture<?>[] pending = new CompletableFuture<?>[LEVELS];
  private final int[] levels = new int[LEVELS];
  private int depth;

  /** Time spent inside {@code combine}, summed over the threads that ran merges (timed ones). */
  private final AtomicLong combineNanos = new AtomicLong();
  /** The owner's estimate for the merges it did not time; see {@link #TIMING_NOT_WORTH_NANOS}. */
  private long estimatedNanos;
  /** Per level, what its last timed merge took (0: none yet), on whichever thread ran it. */
  private final AtomicLongArray lastNanos = new AtomicLongArray(LEVELS);
  /** Per level, the merges the owner timed inline and their sum. */
  private final int[] timed = new int[LEVELS];
  private final long[] timedNanos = new long[LEVELS];

  ParallelTreeFold(BoundTask task, Executor executor, Ticker ticker) {
    this.task = task;
    this.executor = executor;
    this.spare = executor instanceof CombinePool pool ? pool.spare() : NO_SPARE;
    this.inlineOnly = executor == CombinePool.INLINE;
    this.ticker = ticker;
  }

  /** Appends the next partial on the right; merges it with blocks of its level before it. */
  void push(Object partial) {
    Object value = partial;
    CompletableFuture<?> future = null;
    int level = 0;
    while (depth > 0 && levels[depth - 1] == level) {
      depth--;
      Object left = values[depth];
      CompletableFuture<?> leftFuture = pending[depth];
      values[depth] = null;
      pending[depth] = null;
      if (ready(leftFuture) && ready(future) && (inlineOnly || expectedNanos(level) < INLINE_BELOW_NANOS)) {
        value = inlineMerge(valueOf(left, leftFuture), valueOf(value, future), level);
        future = null;
      } else {
        future = asyncMerge(left, leftFuture, value, future, level);
        value = null;
      }
      level++;
    }
    values[depth] = value;
    pending[depth] = future;
    levels[depth] = level;
    depth++;
  }

  /**
   * Everything pushed, combined in order; the task's identity when nothing was. Waits for the
   * merges under way. The blocks left are of falling sizes, so they are combined from the right:
   * the smallest first, each then about the size of the next (a left fold would multiply the
   * largest block again and again).
   */
  Object result() {
    if (depth == 0) {
      return task.identity();
    }
    Object right = values[depth - 1];
    CompletableFuture<?> rightFuture = pending[depth - 1];
    for (int i = depth - 2; i >= 0; i--) {
      // Each merge is at least as large as the left block's own level.
      int level = levels[i];
      if (ready(pending[i]) && ready(rightFuture) && (inlineOnly || expectedNanos(level) < INLINE_BELOW_NANOS)) {
        right = inlineMerge(valueOf(values[i], pending[i]), valueOf(right, rightFuture), level);
        rightFuture = null;
      } else {
        rightFuture = asyncMerge(values[i], pending[i], right, rightFuture, level);
        right = null;
      }
    }
    return valueOf(right, rightFuture);
  }

  /** Nanoseconds spent in {@code combine} so far, over all threads; merges too cheap to time are estimated. */
  long combineNanos() {
    return combineNanos.get() + estimatedNanos;
  }

  private static boolean ready(CompletableFuture<?> future) {
    return future == null || future.isDone();
  }

  /** The block's value: its own, or its merge's (which may throw the combine's exception). */
  private static Object valueOf(Object value, CompletableFuture<?> future) {
    if (future == null) {
      return value;
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * What a merge of two blocks of {@code level} is expected to take: what the last one measured, or
   * as long as any when none has been (the pool then takes it, and its time says where the level's
   * next merges go; a guess from the level below ran a growing product's large merges inline).
   */
  private long expectedNanos(int level) {
    long measured = lastNanos.get(level);
    return measured > 0 ? measured : Long.MAX_VALUE;
  }

  private Object inlineMerge(Object left, Object right, int level) {
    if (timed[level] >= TIMED_BEFORE_ESTIMATE && timedNanos[level] < TIMING_NOT_WORTH_NANOS * timed[level]) {
      estimatedNanos += timedNanos[level] / timed[level];
      return task.combine(left, right);
    }
    long start = ticker.read();
    Object merged = task.combine(left, right);
    long took = Math.max(1, ticker.read() - start);
    combineNanos.addAndGet(took);
    lastNanos.set(level, took);
    timed[level]++;
    timedNanos[level] += took;
    return merged;
  }

  private CompletableFuture<Object> asyncMerge(Object left, CompletableFuture<?> leftFuture, Object right,
      CompletableFuture<?> rightFuture, int level) {
    return future(left, leftFuture).thenCombineAsync(future(right, rightFuture), (a, b) -> {
      long start = ticker.read();
      try {
        return task.combine(a, b, spare);
      } finally {
        long took = Math.max(1, ticker.read() - start);
        combineNanos.addAndGet(took);
        lastNanos.set(level, took);
      }
    }, executor);
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Object> future(Object value, CompletableFuture<?> future) {
    return future != null ? (CompletableFuture<Object>) future : CompletableFuture.completedFuture(value);
  }
}
