package io.scatter.task;

import io.scatter.protocol.LongRange;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The task SPI: a computation over a range of longs that splits into independent partial results.
 *
 * <p>{@link #combine} must be associative with {@link #identity} as its neutral element; it need
 * not be commutative, because the coordinator always combines partials in partition-index order.
 * That is what makes the answer identical in every execution mode and every run.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.scatter.task.RangeTask} of a jar on every node's classpath. They
 * must be stateless (one instance serves every worker thread at once) and have a public no-arg
 * constructor. A partial result that crosses JVMs must be a type the wire format knows
 * (boxed primitives, {@code String}, {@code BigInteger}, or a type the task registers).
 *
 * @param <R> the partial and final result type
 */
public interface RangeTask<R> {

  /** The name used on the command line ({@code --task NAME}); lower-case words joined by dashes. */
  String name();

  /** One line for {@code scatter tasks}. */
  String description();

  /** The parameters this task takes ({@code --param key=value}); none by default. */
  default List<ParamSpec> params() {
    return List.of();
  }

  /** The range used when the user gives none; empty means the user must give {@code --range}. */
  default Optional<LongRange> defaultRange(TaskParams params) {
    return Optional.empty();
  }

  /** Checks the job as a whole before any partition runs; throws {@link IllegalArgumentException} naming the problem. */
  default void validate(TaskParams params, LongRange range) {
  }

  R identity();

  /** The partial result for {@code [from, to)}. May throw; the coordinator retries, then fails the job. */
  R compute(TaskParams params, long from, long to);

  /**
   * Whether {@link #computeAsync} returns before its partition is done, so a worker actor may run
   * {@code scatter.worker.overlap} partitions of this job at once: for tasks that mostly wait (I/O),
   * where the end of one partition (its last requests draining) would otherwise idle the worker.
   * False by default: a CPU-bound partition gains nothing from sharing its thread.
   */
  default boolean overlaps(TaskParams params) {
    return false;
  }

  /**
   * Whether a worker may run a partition as consecutive slices, one {@link #compute} call per
   * sub-range, combining their results in order. True by default, and right for every task whose
   * result for {@code [a, c)} is {@code combine(compute(a, b), compute(b, c))}, as a range task
   * that can be partitioned at all should be: slices let a worker drop a cancelled job, give
   * another job its turn, report progress and hand back the rest of a partition within a few
   * milliseconds, however large the partition. Return false for a task whose result depends on
   * the bounds it is called with, or whose every call pays a fixed cost far above a slice's few
   * milliseconds (loading a model): its partitions then run whole, and a cancel waits for the one
   * running. Tasks that {@link #overlaps overlap} always run whole.
   */
  default boolean sliceable(TaskParams params) {
    return true;
  }

  /**
   * Starts the partial result for {@code [from, to)} without waiting for it when {@link #overlaps}
   * is true; the stage may complete on any thread. By default: {@link #compute} on this thread.
   */
  default CompletionStage<R> computeAsync(TaskParams params, long from, long to) {
    return CompletableFuture.completedFuture(compute(params, from, to));
  }

  /** Associative: {@code combine(a, combine(b, c))} equals {@code combine(combine(a, b), c)}. */
  R combine(R left, R right);

  /**
   * The same as {@link #combine(Object, Object)}, free to run parts of this one combine on
   * {@code spare}: threads of the coordinator's combine pool that have nothing else to do (a job's
   * last merges, when the rest of the tree is done). {@code spare} refuses work with a {@link
   * java.util.concurrent.RejectedExecutionException} when no thread is idle; the combine then does
   * it all itself. Only merges run on the pool get one, so the sequential baseline stays one thread.
   * By default: {@link #combine(Object, Object)}.
   */
  default R combine(R left, R right, Executor spare) {
    return combine(left, right);
  }

  /** A human-readable answer; long answers should be summarised (see {@link Digests}). */
  default String render(R result) {
    return String.valueOf(result);
  }

  /** Extra result classes this task sends across JVMs, registered with the wire format in this order. */
  default List<Class<?>> resultTypes() {
    return List.of();
  }
}
